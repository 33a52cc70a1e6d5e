#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs on Debian 12, and nothing when it is all there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libpistache-dev libsqlite3-dev libluajit-5.1-dev rapidjson-dev libcpp-httplib-dev
  libspdlog-dev libgtest-dev libgmock-dev libssl-dev libcrypt-dev
)

# The browser UI builds with node and npm (the machine's own when it has them).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# Tests also drive Debian's Chromium (headless) for the UI's end-to-end tests.
[ "${1:-}" = "--test" ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
