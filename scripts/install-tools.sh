#!/usr/bin/env bash
# Debian tools the tests use as real clients: kcat (Kafka), prometheus and promtool (monitoring),
# openssl (test certificates). A test whose tool is missing fails and names it; none skips.
set -euo pipefail
declare -A package_of=([kcat]=kcat [prometheus]=prometheus [promtool]=prometheus [openssl]=openssl)

missing_commands() {
  local command
  for command in "${!package_of[@]}"; do
    command -v "$command" >/dev/null || echo "$command"
  done
}

packages_of() {
  local command
  for command in "$@"; do echo "${package_of[$command]}"; done | sort -u
}

readarray -t missing < <(missing_commands)
[ ${#missing[@]} -eq 0 ] && exit 0
readarray -t packages < <(packages_of "${missing[@]}")
if [ "$(id -u)" != 0 ]; then
  echo "install-tools: need ${missing[*]} (apt-get install ${packages[*]}) and am not root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
readarray -t still_missing < <(missing_commands)
if [ ${#still_missing[@]} -ne 0 ]; then
  echo "install-tools: ${still_missing[*]} still missing after apt-get install ${packages[*]}" >&2
  exit 1
fi
