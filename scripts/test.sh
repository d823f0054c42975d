#!/usr/bin/env bash
# Installs what is needed and runs the whole test suite: core and shell tests on SQLite and
# PostgreSQL (a throwaway server is started when none is reachable), the UI's unit tests, the
# bindings check, and the end-to-end flows through the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/cache/opengecko/target}
export CARGO_INCREMENTAL=0

source scripts/pg-throwaway.sh
if [ "${CI:-}" = "true" ] && ! psql "$GECKO_TEST_PG_URL" -qAtc 'select 1' >/dev/null 2>&1; then
  echo "CI: PostgreSQL is not reachable at $GECKO_TEST_PG_URL; the PostgreSQL tests cannot run" >&2
  exit 1
fi

echo "== Rust: core and shell (SQLite + PostgreSQL)"
cargo test --workspace --exclude gecko-e2e

echo "== UI unit tests"
npm run test:ui

echo "== End to end through the real window"
bash scripts/e2e.sh
