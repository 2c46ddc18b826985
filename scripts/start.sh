#!/usr/bin/env bash
# Starts the developer portal with the example organisation: frontend on :3000, backend on :7007.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"

setup_toolchain
cd "$REPO_ROOT"
log "Starting the portal (first start compiles for about a minute)…"
log "Open http://localhost:3000 and click \"Enter\" to sign in as guest."
log "Backend: http://localhost:7007 (metrics API at /api/metrics). Ctrl-C stops everything."
exec yarn start
