# Sourced by scripts/test.sh: proves the suite installs into a fresh Backstage app the way the
# README's "Adding the suite to an existing Backstage app" says. Builds and packs the packages,
# creates an app with @backstage/create-app in a temporary folder, applies the registry pins,
# installs the packed tarballs (not workspace links), wires them, starts the app over the test
# demo world on its own ports and checks a service's Metrics tab in Chromium.
# shellcheck shell=bash

# The create-app release that writes the Backstage release this repository is on (backstage.json).
CREATE_APP_VERSION="${CREATE_APP_VERSION:-0.9.2}"
PROOF_APP_PORT="${PROOF_APP_PORT:-3100}"
PROOF_BACKEND_PORT="${PROOF_BACKEND_PORT:-7100}"
# The packages a portal installs, by folder.
PROOF_PACKAGES=(metrics-common metrics-node metrics-backend metrics catalog-backend-module-metrics
  notifications-backend-module-metrics-webhooks)

install_proof() {
  local work status=0
  work="$(mktemp -d /tmp/metrics-install-proof.XXXXXX)"
  install_proof_run "$work" || status=$?
  install_proof_cleanup "$work"
  return $status
}

install_proof_run() {
  local work="$1" app="$1/app" pid started=$SECONDS
  log "   packing ${PROOF_PACKAGES[*]}"
  mkdir -p "$work/packages"
  local dir name
  for dir in "${PROOF_PACKAGES[@]}"; do
    [ -d "$REPO_ROOT/plugins/$dir" ] || continue
    (cd "$REPO_ROOT/plugins/$dir" && yarn backstage-cli package build >/dev/null &&
      yarn pack --out "$work/packages/$dir.tgz" >/dev/null) || {
      log "   could not build and pack plugins/$dir"
      return 1
    }
  done
  log "   ($((SECONDS - started)) s) creating an app with @backstage/create-app@$CREATE_APP_VERSION"
  echo metrics-proof-app | npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install \
    --path "$app" >"$work/create-app.log" 2>&1 || {
    tail -n 20 "$work/create-app.log"
    return 1
  }
  node "$REPO_ROOT/scripts/lib/install-proof-wire.mjs" "$REPO_ROOT" "$app" "$work/packages" \
    "$PROOF_APP_PORT" "$PROOF_BACKEND_PORT" || return 1
  log "   ($((SECONDS - started)) s) installing the app (the packed tarballs)"
  # CI makes Yarn refuse lockfile changes by default; this app's lockfile is new.
  (cd "$app" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install >"$work/install.log" 2>&1) || {
    tail -n 30 "$work/install.log"
    return 1
  }
  # The log shows where each of the suite's packages came from.
  grep -E '^"@metrics-suite/[a-z-]+@file:' "$app/yarn.lock" | sed 's/::locator.*//; s/^/     /'
  log "   ($((SECONDS - started)) s) starting the app on :$PROOF_APP_PORT (backend :$PROOF_BACKEND_PORT)"
  (cd "$app" && exec setsid yarn start >"$work/start.log" 2>&1) &
  pid=$!
  echo "$pid" >"$work/start.pid"
  local status=0
  PLAYWRIGHT_URL="http://localhost:$PROOF_APP_PORT" BACKEND_URL="http://localhost:$PROOF_BACKEND_PORT" \
    yarn playwright test --config e2e-tests/install-proof/playwright.config.ts || status=$?
  if [ $status -ne 0 ]; then
    log "   the fresh app's log:"
    tail -n 40 "$work/start.log"
  fi
  return $status
}

install_proof_cleanup() {
  local work="$1"
  local keep="${METRICS_INSTALL_PROOF_KEEP:-}"
  if [ -f "$work/start.pid" ]; then
    # setsid made the app's yarn a process group leader: stop the whole group.
    kill -- -"$(cat "$work/start.pid")" 2>/dev/null || true
    sleep 2
    kill -9 -- -"$(cat "$work/start.pid")" 2>/dev/null || true
  fi
  if [ -n "$keep" ]; then
    log "   kept $work (METRICS_INSTALL_PROOF_KEEP)"
  else
    rm -rf "$work"
  fi
}
