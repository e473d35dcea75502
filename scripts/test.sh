#!/usr/bin/env bash
# Every test: types, unit, integration against real LXC, end-to-end in
# Chromium against the production build. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-host.sh --test
scripts/setup-app.sh
export NEXT_TELEMETRY_DISABLED=1

echo "== typecheck"; npx tsc --noEmit -p .
echo "== unit";        npx vitest run --project unit
echo "== integration"; npx vitest run --project integration
echo "== end-to-end";  npx playwright test
