#!/usr/bin/env bash
# Installs and starts LXC Dashboard as a service that starts at boot and is
# restarted when it fails, run as USER (default root):
#   sudo scripts/install-service.sh [USER]
# - where systemd runs (PID 1): a unit /etc/systemd/system/NAME.service, after
#   lxc-net, as USER, Restart=on-failure, with its cgroups delegated to it
#   (Delegate=yes: the non-root mode's cgroup setup), enabled and started;
# - where it does not: an LSB script /etc/init.d/NAME whose supervisor
#   (scripts/service-supervisor.sh) starts the dashboard again when it fails;
#   for a regular user it delegates the cgroups (scripts/delegate-cgroups.sh)
#   before every start. Linked into the runlevels with update-rc.d.
# The dashboard's settings (PORT, HOST, DATA_DIR, ...) go to /etc/default/NAME,
# taken from this command's environment the first time, kept afterwards.
# NAME is lxc-dashboard unless SERVICE_NAME says otherwise. Idempotent.
# scripts/uninstall-service.sh undoes it.
#   scripts/install-service.sh --print-systemd-unit [USER]   prints the unit only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
name=${SERVICE_NAME:-lxc-dashboard}
SETTINGS="PORT HOST DATA_DIR LXC_LXCPATH SESSION_IDLE_MINUTES SESSION_MAX_HOURS ALLOWED_HOSTS TLS_CERT TLS_KEY
LOGIN_WINDOW_SECONDS LOGIN_MAX_FAILURES TERMINAL_IDLE_MINUTES METRICS_INTERVAL_SECONDS BACKUP_DIR NFT_TABLE AUTOSTART"
log() { printf '[install-service] %s\n' "$*"; }
die() { printf '[install-service] %s\n' "$*" >&2; exit 1; }

print_unit=0
if [ "${1:-}" = "--print-systemd-unit" ]; then print_unit=1; shift; fi
user=${1:-root}
[ "$#" -le 1 ] || die "usage: sudo $0 [USER]"
[[ "$name" =~ ^[a-z][a-z0-9-]{0,40}$ ]] || die "SERVICE_NAME \"$name\" is not a service name (a-z, 0-9, -)"
getent passwd "$user" >/dev/null || die "there is no user $user"

systemd_unit() {
  local delegate=""
  [ "$user" = root ] || delegate=$'# A regular user\'s containers get their cgroups below the service\'s own.\nDelegate=yes'
  cat <<UNIT
# LXC Dashboard, installed by $repo/scripts/install-service.sh
[Unit]
Description=LXC Dashboard (web dashboard for classic LXC containers)
Documentation=file://$repo/README.md
After=network-online.target lxc-net.service
Wants=network-online.target lxc-net.service

[Service]
Type=simple
User=$user
WorkingDirectory=$repo
Environment=NODE_ENV=production
EnvironmentFile=-/etc/default/$name
ExecStart=$repo/scripts/start.sh
Restart=on-failure
RestartSec=2
# Stopping or restarting the dashboard must not take the containers it started with it.
KillMode=process
TimeoutStopSec=30
$delegate

[Install]
WantedBy=multi-user.target
UNIT
}

if [ "$print_unit" -eq 1 ]; then systemd_unit; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then exec sudo SERVICE_NAME="$name" "$0" "$@"; fi

[ -f "$repo/dist/server.mjs" ] && [ -f "$repo/.next/BUILD_ID" ] || die "no production build in $repo: run scripts/setup-app.sh there first"
if [ "$user" != root ]; then
  runuser -u "$user" -- test -r "$repo/scripts/start.sh" -a -x "$repo/scripts" ||
    die "$user cannot read $repo: install from a clone $user can read (see \"Running as a regular user\" in README.md)"
fi

# --- settings ---------------------------------------------------------------------
envfile=/etc/default/$name
if [ -f "$envfile" ]; then
  log "$envfile: kept as it is"
else
  {
    echo "# Settings of LXC Dashboard's service $name (README.md, \"Settings\"); restart the service after a change."
    for key in $SETTINGS; do
      if [ -n "${!key:-}" ]; then printf '%s=%s\n' "$key" "${!key}"; fi
    done
  } > "$envfile"
  chmod 644 "$envfile"
  log "$envfile: written"
fi

# --- systemd ----------------------------------------------------------------------
if [ -d /run/systemd/system ]; then
  unit=/etc/systemd/system/$name.service
  systemd_unit > "$unit"
  systemctl daemon-reload
  systemctl enable --now "$name.service"
  log "systemd: $unit enabled and started, as $user (systemctl status $name; journalctl -u $name)"
  exit 0
fi

# --- no systemd: an LSB init script with a supervisor ------------------------------
script=/etc/init.d/$name
cat > "$script" <<INIT
#!/bin/sh
### BEGIN INIT INFO
# Provides:          $name
# Required-Start:    \$network \$remote_fs \$syslog lxc-net
# Required-Stop:     \$network \$remote_fs \$syslog
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: LXC Dashboard
# Description:       Web dashboard for classic LXC, supervised (restarted when it fails).
### END INIT INFO
# Installed by $repo/scripts/install-service.sh; removed by scripts/uninstall-service.sh.
NAME=$name
DASHBOARD_USER=$user
REPO=$repo
RUN=/run/\$NAME
LOG=/var/log/\$NAME.log

supervisor_pid() {
  pid=\$(cat "\$RUN/supervisor.pid" 2>/dev/null) || return 1
  kill -0 "\$pid" 2>/dev/null && echo "\$pid"
}

case "\$1" in
  start)
    if pid=\$(supervisor_pid); then echo "\$NAME is already running (supervisor PID \$pid)"; exit 0; fi
    if [ "\$DASHBOARD_USER" != root ]; then "\$REPO/scripts/delegate-cgroups.sh" "\$DASHBOARD_USER" >> "\$LOG" 2>&1; fi
    mkdir -p "\$RUN"
    setsid "\$REPO/scripts/service-supervisor.sh" "\$NAME" "\$DASHBOARD_USER" /etc/default/\$NAME >> "\$LOG" 2>&1 < /dev/null &
    for i in 1 2 3 4 5 6 7 8 9 10; do supervisor_pid > /dev/null && break; sleep 0.5; done
    if pid=\$(supervisor_pid); then echo "Started \$NAME, supervised (PID \$pid); log: \$LOG"; else echo "\$NAME did not start; see \$LOG" >&2; exit 1; fi
    ;;
  stop)
    if ! pid=\$(supervisor_pid); then echo "\$NAME is not running"; exit 0; fi
    kill -TERM "\$pid"
    for i in \$(seq 1 60); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "\$pid" 2>/dev/null; then echo "\$NAME did not stop within 30 s" >&2; exit 1; fi
    echo "Stopped \$NAME"
    ;;
  restart|force-reload)
    "\$0" stop && "\$0" start
    ;;
  status)
    if pid=\$(supervisor_pid); then echo "\$NAME is running (supervisor PID \$pid, dashboard PID \$(cat "\$RUN/child.pid" 2>/dev/null || echo "starting"))"; exit 0; fi
    echo "\$NAME is not running"; exit 3
    ;;
  *)
    echo "Usage: \$0 {start|stop|restart|force-reload|status}" >&2; exit 2
    ;;
esac
INIT
chmod 755 "$script"
if command -v update-rc.d >/dev/null; then
  update-rc.d "$name" defaults >/dev/null
  log "$script: linked into runlevels 2-5 (update-rc.d)"
else
  log "$script: written; no update-rc.d here to link it into the runlevels"
fi
"$script" start
pid1=$(cat /proc/1/comm 2>/dev/null || echo unknown)
log "no systemd here (PID 1 is $pid1): $script runs the dashboard as $user under a supervisor that restarts it when it fails"
if [ "$pid1" != init ]; then
  log "note: PID 1 is not sysvinit, so nothing runs /etc/init.d scripts at boot on its own here: have whatever starts services on this machine run \"$script start\""
fi
