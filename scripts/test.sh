#!/usr/bin/env bash
# Runs every check: type check, lint, package metadata, API and knip (unused dependencies)
# reports of the plugin packages, unit and component tests (database tests on SQLite and a
# throwaway PostgreSQL; two backend replicas on that PostgreSQL and a throwaway Redis;
# integration tests on the demo world's real Prometheus), end-to-end tests in Chromium.
# Prints one closing line "tests: N passed, M failed" and exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/system.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/redis.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/install-proof.sh"

set -e
setup_toolchain
ensure_apt_packages chromium:chromium prometheus:prometheus promtool:prometheus
cd "$REPO_ROOT"
rm -rf .test-results && mkdir -p .test-results

# The demo world on its own ports and state folder, so a running portal is left alone.
export DEMO_STATE_DIR="$REPO_ROOT/.demo/test" DEMO_PROMETHEUS_PORT="${TEST_PROMETHEUS_PORT:-19090}" \
  DEMO_EXPORTER_PORT="${TEST_EXPORTER_PORT:-19464}"
DEMO_WORLD="$REPO_ROOT/packages/demo-world/bin/demo-world"
# A second world whose history ends 80 minutes before its Prometheus starts, as after an
# outage: its SLO recordings miss an hour or two (plugins/metrics-backend recordedSlos.test.ts).
outage_world() {
  DEMO_STATE_DIR="$REPO_ROOT/.demo/test-outage" DEMO_PROMETHEUS_PORT="${TEST_OUTAGE_PROMETHEUS_PORT:-19091}" \
    DEMO_EXPORTER_PORT="${TEST_OUTAGE_EXPORTER_PORT:-19465}" DEMO_OUTAGE_MINUTES=80 "$DEMO_WORLD" "$@"
}
cleanup() {
  "$DEMO_WORLD" down >/dev/null 2>&1 || true
  outage_world down >/dev/null 2>&1 || true
  stop_test_postgres
  stop_test_redis
}
trap cleanup EXIT
log "── PostgreSQL for the database tests (port ${TEST_POSTGRES_PORT:-15432})"
start_test_postgres "${TEST_POSTGRES_PORT:-15432}"
log "── Redis for the two-replica test (port ${TEST_REDIS_PORT:-16379})"
start_test_redis "${TEST_REDIS_PORT:-16379}"
log "── demo world (Prometheus on :$DEMO_PROMETHEUS_PORT)"
"$DEMO_WORLD" up
export DEMO_PROMETHEUS_URL="http://127.0.0.1:$DEMO_PROMETHEUS_PORT"
export DEMO_TRUTH_FILE="$("$DEMO_WORLD" truth)"
log "── demo world after an outage (Prometheus on :${TEST_OUTAGE_PROMETHEUS_PORT:-19091})"
outage_world up
export DEMO_OUTAGE_PROMETHEUS_URL="http://127.0.0.1:${TEST_OUTAGE_PROMETHEUS_PORT:-19091}"
# The portal started by the end-to-end tests reads this Prometheus.
export METRICS_PROMETHEUS_URL="$DEMO_PROMETHEUS_URL"
set +e

failures=()
step() {
  local name="$1"
  shift
  log "── $name"
  local started=$SECONDS
  if "$@"; then
    log "   $name passed in $((SECONDS - started)) s"
  else
    log "   $name FAILED after $((SECONDS - started)) s"
    failures+=("$name")
  fi
}

step "type check" yarn tsc
step "lint" yarn lint:all
step "package metadata" yarn backstage-cli repo fix --publish --check
# Reads the declarations that the type check wrote to dist-types/.
step "API reports" yarn build:api-reports:only --ci
step "unused dependencies" yarn build:knip-reports --ci
step "unit and component tests" env CI=true yarn test --json --outputFile=.test-results/jest.json
step "end-to-end tests" yarn playwright test
# A few minutes (create-app, install, first bundle): on in CI, behind a flag locally.
if [ -n "${CI:-}" ] || [ "${METRICS_INSTALL_PROOF:-}" = 1 ]; then
  step "installation into a fresh app" install_proof
fi

node scripts/lib/summarize-results.mjs .test-results
if [ ${#failures[@]} -gt 0 ]; then
  log "failed: ${failures[*]}"
  exit 1
fi
log "all checks passed"
