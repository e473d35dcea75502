#!/usr/bin/env bash
# `npm start` (and scripts/run.sh): the production server as one plain `node`
# process on the compiled server (dist/server.mjs, made by scripts/setup-app.sh),
# exec'd so signals reach it directly. It applies pending database migrations
# itself at start (server/db-startup.ts): no npm, npx or tsx at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f dist/server.mjs ] || [ ! -f .next/BUILD_ID ]; then
  echo "No production build here: run scripts/setup-app.sh first." >&2
  exit 1
fi
#
# Memory (figures in the README, from bench/load-terminals.ts and
# bench/load-list.ts, which start the server through this script):
# --max-semi-space-size=2 (MB; V8's default is 16): V8 keeps its young
#   generation at the largest size it once grew to, about 30 MB of RSS an
#   idle dashboard never gave back (idle: ~180 MB with 16, ~150 MB with 2).
# GLIBC_TUNABLES: glibc's malloc holds on to what node's native buffers (pty
#   output, sockets) once used: an arena per thread that ever allocated, and a
#   main heap not trimmed once its thresholds rose by themselves. Two arenas
#   and fixed 128 KiB thresholds: after three rounds of 21 terminals the
#   malloc heap went 14 -> 17 MB instead of 13 -> 27 MB. Ignored off glibc.
# --optimize-for-size: V8 grows its heap less eagerly and keeps less compiled
#   code; measured idle, side by side on one build: about 11 MB less RSS
#   (133 against 145 MB with no containers).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072}"
exec node --max-semi-space-size=2 --optimize-for-size dist/server.mjs
