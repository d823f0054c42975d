#!/usr/bin/env bash
# Start-up time and memory of the built app on a full SQLite database (made by gecko-seed):
# bash scripts/startup.sh <database file>
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/cache/opengecko/target}
npm run build >/dev/null
cargo build --release -p opengecko --features custom-protocol
export GECKO_APP_BIN="$CARGO_TARGET_DIR/release/opengecko"
export GECKO_STARTUP_DB=$(realpath "$1")
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p gecko-e2e --test startup -- --ignored --nocapture 2>&1 | grep -E "start-up|memory|test result"
