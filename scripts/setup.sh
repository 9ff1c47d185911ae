#!/usr/bin/env bash
# Installs the project's dependencies on a fresh machine (Node 20 and npm are assumed present).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
