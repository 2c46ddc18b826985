#!/usr/bin/env bash
# Starts the developer portal with the example organisation and the demo world:
# Prometheus with 28 days of history on :9090, frontend on :3000, backend on :7007.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/system.sh"

setup_toolchain
ensure_apt_packages prometheus:prometheus promtool:prometheus
cd "$REPO_ROOT"

DEMO_WORLD="$REPO_ROOT/packages/demo-world/bin/demo-world"
log "Starting the demo world (Prometheus with 28 days of history and a live exporter)…"
"$DEMO_WORLD" up
# Ctrl-C stops the portal; the demo world goes with it.
trap '"$DEMO_WORLD" down >/dev/null 2>&1 || true' EXIT
export METRICS_PROMETHEUS_URL="http://127.0.0.1:${DEMO_PROMETHEUS_PORT:-9090}"

log "Starting the portal (first start compiles for about a minute)…"
log "Open http://localhost:3000 and click \"Enter\" to sign in as guest."
log "Backend: http://localhost:7007 (metrics API at /api/metrics). Prometheus: $METRICS_PROMETHEUS_URL"
log "Ctrl-C stops everything."
yarn start
