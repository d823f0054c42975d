#!/usr/bin/env bash
# Performance figures at five years of data (SPEC §11): seeds a SQLite file and a PostgreSQL
# database with gecko-seed (release build) and times every operation with gecko-bench, then
# measures start-up time and memory of the app on the full SQLite database.
# Usage: bash scripts/bench.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/cache/opengecko/target}
cargo build --release -p gecko-bench
bin="$CARGO_TARGET_DIR/release"
work=$(mktemp -d /tmp/gecko-bench.XXXXXX)

echo "== seeding SQLite"
"$bin/gecko-seed" sqlite "$work/bench.db"
echo "== SQLite"
"$bin/gecko-bench" sqlite "$work/bench.db" "$@"

source scripts/pg-throwaway.sh
db="bench_$$"
psql "$GECKO_TEST_PG_URL" -qc "CREATE DATABASE $db" >/dev/null
pg_url="${GECKO_TEST_PG_URL%/*}/$db"
echo "== seeding PostgreSQL"
"$bin/gecko-seed" postgres "$pg_url"
echo "== PostgreSQL"
"$bin/gecko-bench" postgres "$pg_url" "$@"

if [ -x scripts/startup.sh ]; then
  bash scripts/startup.sh "$work/bench.db"
fi
rm -rf "$work"
