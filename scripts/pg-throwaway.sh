#!/usr/bin/env bash
# Source this file: it makes sure GECKO_TEST_PG_URL points at a PostgreSQL 15+ server.
# A server already named by GECKO_TEST_PG_URL is used as it is; otherwise a private cluster is
# created under /tmp (trust auth, fsync off) and stopped when the calling shell exits.

pg_reachable() {
  [ -n "${GECKO_TEST_PG_URL:-}" ] && psql "$GECKO_TEST_PG_URL" -qAtc 'select 1' >/dev/null 2>&1
}

if ! pg_reachable; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends postgresql >/dev/null
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_dir=$(mktemp -d /tmp/gecko-pg.XXXXXX)
  chown postgres "$pg_dir"
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" gecko_test
  export GECKO_TEST_PG_URL="postgres://postgres@127.0.0.1:$pg_port/gecko_test"
  export GECKO_PG_STOP="runuser -u postgres -- $pg_bin/pg_ctl -D $pg_dir/data -m fast stop"
  trap 'eval "$GECKO_PG_STOP" >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
  echo "throwaway PostgreSQL at $GECKO_TEST_PG_URL"
fi
