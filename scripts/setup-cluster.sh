#!/usr/bin/env bash
# The engines of the multi-host mode (docs/deployment.md) from Debian's packages: PostgreSQL for the
# entryway's directory and nats-server (JetStream) for the combined firehose. Never run as services: the
# tests and `npm run cluster` start their own on a private socket or a loopback port. Instant when present.
set -euo pipefail
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-cluster: needs root to install ${missing[*]} (apt-get install ${missing[*]}); the cluster tests skip without them" >&2
  exit 0
fi
apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
