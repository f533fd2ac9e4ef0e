#!/usr/bin/env bash
# Debian tools the tests use as real clients: kcat (Kafka) and promtool/prometheus.
set -euo pipefail
missing=()
command -v kcat >/dev/null || missing+=(kcat)
command -v promtool >/dev/null || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-tools: need ${missing[*]} (apt-get install ${missing[*]}) and am not root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
