# Sourced by scripts/test.sh: a throwaway PostgreSQL server on loopback for the tests that
# must run on PostgreSQL as well as SQLite (production uses PostgreSQL).
# shellcheck shell=bash

PG_BIN=""

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/postgres" ] && PG_BIN="$dir"
  done
  [ -n "$PG_BIN" ]
}

# start_test_postgres PORT — exports METRICS_TEST_POSTGRES_URL and Backstage's test variable.
start_test_postgres() {
  local port="$1"
  find_pg_bin || { ensure_apt_packages postgres:postgresql && find_pg_bin; } ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin."
  PG_DATA="$(mktemp -d /tmp/metrics-test-pg.XXXXXX)"
  local run=()
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "the postgres system user is missing (apt-get install postgresql)."
    chown postgres "$PG_DATA"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$PG_BIN/initdb" -D "$PG_DATA/data" -U postgres --auth=trust >"$PG_DATA/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 5 "$PG_DATA/initdb.log")"
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DATA" start >/dev/null ||
    die "PostgreSQL did not start: $(tail -n 5 "$PG_DATA/server.log")"
  PG_RUN=("${run[@]}")
  export METRICS_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  # Read by TestDatabases of @backstage/backend-test-utils.
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$METRICS_TEST_POSTGRES_URL"
}

stop_test_postgres() {
  [ -n "${PG_DATA:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}
