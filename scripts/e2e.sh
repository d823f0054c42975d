#!/usr/bin/env bash
# Builds the app with the UI embedded and runs the end-to-end tests through the real window,
# under Xvfb and a private D-Bus session, one test at a time. Screenshots are saved under
# target/e2e-screens/<test>/ (the path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/cache/opengecko/target}
export GECKO_E2E_SHOTS=${GECKO_E2E_SHOTS:-$PWD/target/e2e-screens}

npm run build
cargo build -p opengecko --features custom-protocol
export GECKO_APP_BIN="$CARGO_TARGET_DIR/debug/opengecko"
cargo test -p gecko-e2e --no-run

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p gecko-e2e -- --test-threads=1 --nocapture "$@"
echo "screenshots: $GECKO_E2E_SHOTS"
