#!/usr/bin/env bash
# Installs the project's dependencies on a fresh machine (Node 20 and npm are assumed present, plus gcc,
# make and python3 for the reference peer's native SQLite build).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
# Debian's Chromium for the explorer's browser test (apps/explorer), driven by playwright-core: no browser
# download, which this network does not allow. Skipped when already installed; the test skips without it.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && apt-get install -y chromium
fi
# The reference PDS peer (peers/ref-pds): the conformance suite and the e2e interop tests run against it,
# and skip without it, so CI installs it to run them. Instant when already installed.
bash scripts/setup-peers.sh
# PostgreSQL and nats-server for the entryway and its cells (packages/entryway). Instant when installed.
bash scripts/setup-cluster.sh
