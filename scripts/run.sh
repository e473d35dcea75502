#!/usr/bin/env bash
# One command from a fresh Debian/Ubuntu machine to a running dashboard:
# host packages and network, npm packages, database, build, then the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-host.sh
scripts/setup-app.sh
exec scripts/start.sh
