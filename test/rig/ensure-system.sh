#!/usr/bin/env bash
# Make sure the Debian packages the test rig needs are installed.
# Idempotent and fast when everything is present: one dpkg-query per package,
# apt-get runs only for the missing ones.
#
# Usage: test/rig/ensure-system.sh [extra-package ...]
set -euo pipefail

PACKAGES=(
  docker.io          # dockerd 20.10 (Engine API 1.41), containerd, runc
  docker-compose     # Compose v1 (1.29.2)
  postgresql-15      # server binaries in /usr/lib/postgresql/15/bin (used by the fixture image)
  postgresql-client  # psql, pg_isready on the host
  chromium           # browser for the code-server e2e tests (driven by playwright-core)
  iptables           # the "published but unreachable" reproduction
  libkrb5-dev        # code-server native modules
  libsecret-1-dev
  libx11-dev
  libxkbfile-dev
  ripgrep            # seeds @vscode/ripgrep's cache for code-server
)
PACKAGES+=("$@")

is_installed() {
  local status
  status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ensure-system: all ${#PACKAGES[@]} packages present"
  exit 0
fi

# --no-install-recommends keeps the install small. Everything the rig uses is in
# Depends: headless chromium (--no-sandbox --disable-gpu) does not need its
# Recommends (upower, udev, mesa-dri, notification-daemon, ...), and fontconfig's
# own dependency already pulls a font.
install_cmd=(apt-get install -y --no-install-recommends "${missing[@]}")

if [[ "$(id -u)" -ne 0 ]]; then
  echo "ensure-system: missing Debian packages: ${missing[*]}" >&2
  echo "ensure-system: install them as root with:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive ${install_cmd[*]}" >&2
  exit 1
fi

echo "ensure-system: installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
export NEEDRESTART_SUSPEND=1   # no needrestart prompts/noise on CI
apt-get update -q
"${install_cmd[@]}"

# Verify.
still=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still+=("$pkg")
done
if [[ ${#still[@]} -ne 0 ]]; then
  echo "ensure-system: still missing after apt-get install: ${still[*]}" >&2
  exit 1
fi
echo "ensure-system: done"
