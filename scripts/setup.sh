#!/usr/bin/env bash
# Installs the project's dependencies on a fresh machine (Node 20 and npm are assumed present, plus gcc,
# make and python3 for the reference peer's native SQLite build).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
# The reference PDS peer (peers/ref-pds): the conformance suite and the e2e interop tests run against it,
# and skip without it, so CI installs it to run them. Instant when already installed.
bash scripts/setup-peers.sh
