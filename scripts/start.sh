#!/usr/bin/env bash
# `npm start`: applies any pending database migrations (quietly, unless they
# fail), then runs the custom server of the production build.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! out=$(npx prisma migrate deploy 2>&1); then
  printf '%s\n' "$out" >&2
  echo "The database migrations failed; the dashboard was not started." >&2
  exit 1
fi
exec npx tsx server/index.ts
