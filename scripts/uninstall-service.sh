#!/usr/bin/env bash
# Undoes scripts/install-service.sh: stops the service and removes its unit or
# init script, its runlevel links, /etc/default/NAME, its run and log files.
# The dashboard's data (DATA_DIR) and its containers are left as they are.
#   sudo scripts/uninstall-service.sh          (NAME: lxc-dashboard, or SERVICE_NAME)
set -euo pipefail
name=${SERVICE_NAME:-lxc-dashboard}
log() { printf '[uninstall-service] %s\n' "$*"; }
[[ "$name" =~ ^[a-z][a-z0-9-]{0,40}$ ]] || { echo "SERVICE_NAME \"$name\" is not a service name" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then exec sudo SERVICE_NAME="$name" "$0" "$@"; fi

unit=/etc/systemd/system/$name.service
if [ -f "$unit" ]; then
  if [ -d /run/systemd/system ]; then systemctl disable --now "$name.service" || true; fi
  rm -f "$unit"
  [ -d /run/systemd/system ] && systemctl daemon-reload
  log "removed $unit"
fi

script=/etc/init.d/$name
if [ -f "$script" ]; then
  "$script" stop || true
  if command -v update-rc.d >/dev/null; then update-rc.d -f "$name" remove >/dev/null; fi
  rm -f /etc/rc[0-6S].d/[SK][0-9][0-9]"$name"
  rm -f "$script"
  log "stopped and removed $script and its runlevel links"
fi

rm -f "/etc/default/$name" "/var/log/$name.log"
rm -rf "/run/$name"
log "removed /etc/default/$name, /var/log/$name.log and /run/$name; the dashboard's data and containers are untouched"
