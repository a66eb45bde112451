#!/usr/bin/env bash
# Installs the system packages notif needs (idempotent). Safe to run repeatedly.
set -euo pipefail

# nodejs + node-typescript: the tests check that `notif schemas generate` writes valid TypeScript.
PACKAGES=(nats-server libnats-dev libjq-dev libsodium-dev postgresql pkg-config python3-venv nodejs node-typescript)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "notif: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
