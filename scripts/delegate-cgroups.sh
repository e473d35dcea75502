#!/usr/bin/env bash
# Cgroup delegation for a regular user where no systemd does it (run as root):
# /sys/fs/cgroup/<hierarchy>/user/USER in every cgroup v1 hierarchy, owned by
# the user; the dashboard moves itself in at start (server/host/cgroup-delegation.ts).
# These directories live in memory: scripts/setup-user.sh runs this once, and
# the init script of scripts/install-service.sh before every start.
#   scripts/delegate-cgroups.sh USER
set -euo pipefail
user=${1:?usage: $0 USER}
group=$(id -gn "$user")
log() { printf '[delegate-cgroups] %s\n' "$*"; }
if [ -d /run/systemd/system ]; then
  log "systemd delegates cgroups to $user's sessions and services (Delegate=yes)"
  exit 0
fi
# Every v1 hierarchy (controllers and named ones such as name=systemd).
hierarchies=$(awk '{ split($0, halves, " - "); split(halves[2], right, " "); split(halves[1], left, " ");
                    if (right[1] == "cgroup") print left[5] }' /proc/self/mountinfo)
for h in $hierarchies; do
  dir="$h/user/$user"
  mkdir -p "$dir"
  # A cpuset cgroup takes no process until cpus and mems are set, copied from its parent.
  if [ -f "$h/cpuset.cpus" ]; then
    for f in cpuset.cpus cpuset.mems; do
      [ -n "$(cat "$h/user/$f")" ] || cat "$h/$f" > "$h/user/$f"
      [ -n "$(cat "$dir/$f")" ] || cat "$h/user/$f" > "$dir/$f"
    done
  fi
  chown -R "$user:$group" "$dir"
done
log "delegated <hierarchy>/user/$user in $(echo "$hierarchies" | wc -w) hierarchies"
