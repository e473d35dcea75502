#!/usr/bin/env bash
# The supervisor behind the /etc/init.d script of scripts/install-service.sh
# (hosts without systemd): runs scripts/start.sh as USER with the settings of
# ENVFILE, and starts it again when it exits with a failure or is killed (2 s
# later; up to 30 s when it keeps failing within 10 s of its start). A clean
# exit, or SIGTERM to the supervisor (the init script's stop), ends both.
#   scripts/service-supervisor.sh NAME USER ENVFILE
set -uo pipefail
name=$1 user=$2 envfile=$3
repo=$(cd "$(dirname "$0")/.." && pwd)
run=/run/$name
log() { printf '%s [%s supervisor] %s\n' "$(date -u +%FT%TZ)" "$name" "$*"; }

settings=()
if [ -r "$envfile" ]; then
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; [A-Z_]*=*) settings+=("$line") ;; esac
  done < "$envfile"
fi
home=$(getent passwd "$user" | cut -d: -f6)
base=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" USER="$user" LOGNAME="$user" NODE_ENV=production)

mkdir -p "$run"
echo $$ > "$run/supervisor.pid"
stopping=0
child=
trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT
delay=2
while :; do
  started=$(date +%s)
  if [ "$user" = root ]; then
    env -i "${base[@]}" "${settings[@]}" "$repo/scripts/start.sh" &
  else
    runuser -u "$user" -- env -i "${base[@]}" "${settings[@]}" "$repo/scripts/start.sh" &
  fi
  child=$!
  echo "$child" > "$run/child.pid"
  log "started the dashboard (PID $child, as $user)"
  status=0
  wait "$child" || status=$?
  # A trapped signal ends `wait` early: wait until the child is really gone.
  while kill -0 "$child" 2>/dev/null; do wait "$child" || status=$?; done
  rm -f "$run/child.pid"
  child=
  if [ "$stopping" -eq 1 ]; then log "stopped"; break; fi
  if [ "$status" -eq 0 ]; then log "the dashboard exited cleanly; not restarting it"; break; fi
  if [ $(( $(date +%s) - started )) -lt 10 ]; then delay=$(( delay * 2 > 30 ? 30 : delay * 2 )); else delay=2; fi
  log "the dashboard exited with status $status; starting it again in $delay s"
  sleep "$delay" & wait $! 2>/dev/null
  if [ "$stopping" -eq 1 ]; then log "stopped"; break; fi
done
rm -f "$run/supervisor.pid"
