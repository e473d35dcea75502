#!/usr/bin/env bash
# Every test: types, the house's lint rules (eslint.config.mjs), unit, integration against real LXC, end-to-end in
# Chromium against the production build. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
# --incus: Incus too (installed from backports, started, initialised, a local image), for the Incus tests.
scripts/setup-host.sh --test --incus
scripts/setup-app.sh
export NEXT_TELEMETRY_DISABLED=1

echo "== typecheck"; npx tsc --noEmit -p .
echo "== lint";        npx eslint --max-warnings 0 .
echo "== unit";        npx vitest run --project unit
echo "== integration"; npx vitest run --project integration
echo "== end-to-end";  npx playwright test
