#!/usr/bin/env bash
# Installs what is needed and starts openGecko on a local SQLite database in the app's data
# folder (~/.local/share/org.opengecko.desktop). Without a display it starts under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/cache/opengecko/target}
npm run build
cargo build --release -p opengecko --features custom-protocol
app="$CARGO_TARGET_DIR/release/opengecko"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running on a virtual Xvfb screen (1280x800) that no one sees."
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$app"
fi
exec "$app"
