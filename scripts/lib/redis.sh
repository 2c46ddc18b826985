# Sourced by scripts/test.sh: a throwaway Redis on loopback for the two-replica test, which
# shares Backstage's cache service (`backend.cache.store: redis`) between two backends.
# shellcheck shell=bash

# redis_ping PORT — true when the server answers PONG (redis-cli comes with redis-server's
# redis-tools dependency; bash's /dev/tcp otherwise).
redis_ping() {
  local port="$1" reply
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]
    return
  fi
  exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [ "${reply%$'\r'}" = "+PONG" ]
}

# start_test_redis PORT — exports METRICS_TEST_REDIS_URL.
start_test_redis() {
  local port="$1" tries
  ensure_apt_packages redis-server:redis-server
  REDIS_DIR="$(mktemp -d /tmp/metrics-test-redis.XXXXXX)"
  # Nothing is persisted: the tests' keys live as long as the server.
  redis-server --bind 127.0.0.1 --port "$port" --dir "$REDIS_DIR" --save '' --appendonly no \
    --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" ||
    die "redis-server did not start: $(tail -n 5 "$REDIS_DIR/redis.log" 2>/dev/null)"
  for tries in $(seq 50); do
    redis_ping "$port" && break
    [ "$tries" = 50 ] && die "Redis on port $port did not answer PING: $(tail -n 5 "$REDIS_DIR/redis.log")"
    sleep 0.2
  done
  export METRICS_TEST_REDIS_URL="redis://127.0.0.1:$port"
}

stop_test_redis() {
  [ -n "${REDIS_DIR:-}" ] || return 0
  local pid
  pid="$(cat "$REDIS_DIR/redis.pid" 2>/dev/null)"
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    # Let it release the port before the folder goes.
    for _ in $(seq 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$REDIS_DIR"
}
