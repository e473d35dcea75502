#!/usr/bin/env bash
# Installs the npm packages, generates the Prisma client, applies the database
# migrations and builds the production bundle (Next's .next/ and the compiled
# custom server, dist/server.mjs). Idempotent: a step whose inputs
# have not changed since it last ran is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[setup-app] %s\n' "$*"; }

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "[setup-app] Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "[setup-app] Install it, e.g.: sudo apt-get install -y nodejs npm (Debian 13 / Ubuntu 24.10+) or from nodejs.org." >&2
  exit 1
fi
export NEXT_TELEMETRY_DISABLED=1

stamp() { sha256sum "$@" 2>/dev/null | sha256sum | cut -c1-16; }

deps_stamp=$(stamp package.json package-lock.json)
if [ "$(cat node_modules/.deps-stamp 2>/dev/null)" != "$deps_stamp" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$deps_stamp" > node_modules/.deps-stamp
else
  log "npm packages up to date"
fi

npx prisma generate >/dev/null
log "database: $(npx prisma migrate deploy 2>&1 | tail -n 1)"

# Rebuild only when a tracked source file changed since the last build.
src_stamp=$(git ls-files -z 2>/dev/null | grep -zv '^e2e/\|^tests/\|^bench/' | xargs -0 sha256sum 2>/dev/null | sha256sum | cut -c1-16)
if [ -z "$(git ls-files 2>/dev/null | head -1)" ] || [ "$(cat .next/source-stamp 2>/dev/null)" != "$src_stamp" ] || [ ! -f .next/BUILD_ID ] || [ ! -f dist/server.mjs ]; then
  log "next build"
  npx next build
  log "server build (dist/server.mjs)"
  node scripts/build-server.mjs
  echo "$src_stamp" > .next/source-stamp
else
  log "build up to date"
fi
