#!/usr/bin/env bash
# Runs every check: type check, lint, unit and component tests, end-to-end tests in Chromium.
# Prints one closing line "tests: N passed, M failed" and exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/system.sh"

set -e
setup_toolchain
ensure_apt_packages chromium:chromium
set +e
cd "$REPO_ROOT"
rm -rf .test-results && mkdir -p .test-results

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
step "unit and component tests" env CI=true yarn test --json --outputFile=.test-results/jest.json
step "end-to-end tests" yarn playwright test

node scripts/lib/summarize-results.mjs .test-results
if [ ${#failures[@]} -gt 0 ]; then
  log "failed: ${failures[*]}"
  exit 1
fi
log "all checks passed"
