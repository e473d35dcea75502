#!/usr/bin/env bash
# Prepares this host so a regular user can run LXC Dashboard and its
# (unprivileged) containers. Run as root; idempotent, changes only what is not
# already right:
#   sudo scripts/setup-user.sh alice
# 1. host packages, the lxcbr0 bridge and subordinate uid/gid ranges for the
#    user (scripts/setup-host.sh);
# 2. ~/.config/lxc/default.conf with the user's idmap and a veth on lxcbr0;
# 3. a line "USER veth lxcbr0 10" in /etc/lxc/lxc-usernet;
# 4. where no systemd delegates cgroups: /sys/fs/cgroup/<hierarchy>/user/USER
#    in every v1 hierarchy, owned by the user (the dashboard moves itself in
#    when it starts). These live in memory: run this again after a reboot;
# 5. search (x) permission on the user's home down to ~/.local/share, so the
#    containers' mapped root can reach their rootfs in ~/.local/share/lxc;
# 6. it says whether the user can read this checkout: the dashboard runs from
#    a checkout its user can enter and read (best: a clone the user owns).
#    It changes nothing there: a clone in /root or another closed folder is
#    its owner's, and the user gets a clone of its own instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then exec sudo "$0" "$@"; fi
user=${1:-}
if [ -z "$user" ] || [ "$#" -ne 1 ]; then
  echo "usage: sudo $0 USER" >&2
  exit 2
fi
entry=$(getent passwd "$user") || { echo "[setup-user] there is no user $user" >&2; exit 1; }
uid=$(echo "$entry" | cut -d: -f3)
group=$(id -gn "$user")
home=$(echo "$entry" | cut -d: -f6)
if [ "$uid" -eq 0 ]; then
  echo "[setup-user] $user is root; scripts/setup-host.sh is all root needs" >&2
  exit 2
fi
log() { printf '[setup-user] %s\n' "$*"; }

# --- 1. packages, bridge, subordinate ids -----------------------------------
DASHBOARD_USER="$user" "$here/setup-host.sh"

first_range() { # FILE -> "START COUNT" of the user's first range
  awk -F: -v u="$user" -v id="$uid" '($1 == u || $1 == id) && $2 ~ /^[0-9]+$/ && $3 ~ /^[1-9][0-9]*$/ { print $2, $3; exit }' "$1"
}
read -r uid_start uid_count < <(first_range /etc/subuid)
read -r gid_start gid_count < <(first_range /etc/subgid)
[ "$uid_count" -gt 65536 ] && uid_count=65536
[ "$gid_count" -gt 65536 ] && gid_count=65536

# --- 2. ~/.config/lxc/default.conf ---------------------------------------------
conf_dir="$home/.config/lxc"
conf="$conf_dir/default.conf"
want=$(printf '%s\n' \
  "lxc.net.0.type = veth" \
  "lxc.net.0.link = lxcbr0" \
  "lxc.net.0.flags = up" \
  "lxc.idmap = u 0 $uid_start $uid_count" \
  "lxc.idmap = g 0 $gid_start $gid_count")
if [ -f "$conf" ] && grep -q "^lxc.idmap *= *u 0 $uid_start " "$conf" && grep -q "^lxc.idmap *= *g 0 $gid_start " "$conf" \
   && grep -q "^lxc.net.[0-9]*.link *= *lxcbr0" "$conf"; then
  log "$conf: idmap and veth on lxcbr0 present"
else
  [ -f "$conf" ] && { cp -p "$conf" "$conf.bak"; log "$conf: kept the old one as $conf.bak"; }
  runuser -u "$user" -- mkdir -p "$conf_dir"
  printf '%s\n' "$want" | runuser -u "$user" -- tee "$conf" >/dev/null
  log "$conf: written (idmap u 0 $uid_start $uid_count, g 0 $gid_start $gid_count; veth on lxcbr0)"
fi

# --- 3. /etc/lxc/lxc-usernet ---------------------------------------------------
usernet=/etc/lxc/lxc-usernet
if [ -f "$usernet" ] && grep -Eq "^$user[[:space:]]+veth[[:space:]]+lxcbr0[[:space:]]+[1-9]" "$usernet"; then
  log "$usernet: $(grep -E "^$user[[:space:]]+veth[[:space:]]+lxcbr0" "$usernet" | head -1)"
else
  echo "$user veth lxcbr0 10" >> "$usernet"
  log "$usernet: added \"$user veth lxcbr0 10\""
fi

# --- 4. cgroup delegation --------------------------------------------------------
"$here/delegate-cgroups.sh" "$user" | sed 's/^\[delegate-cgroups\]/[setup-user] cgroups:/'
[ -d /run/systemd/system ] || log "cgroups: run this again after each reboot (scripts/install-service.sh does it at every start)"

# --- 5. the way to the containers' rootfs ----------------------------------------
lxc_dir="$home/.local/share/lxc"
runuser -u "$user" -- mkdir -p "$lxc_dir"
for d in "$home" "$home/.local" "$home/.local/share"; do
  [ "$(( 0$(stat -c %a "$d") & 1 ))" -eq 1 ] || { chmod o+x "$d"; log "chmod o+x $d (the containers' root must pass through)"; }
done

# --- 6. the checkout the user runs ------------------------------------------------
checkout=$(cd "$here/.." && pwd)
if runuser -u "$user" -- test -r "$checkout/package.json" -a -x "$checkout/scripts/start.sh" 2>/dev/null; then
  log "$user can read this checkout ($checkout)"
else
  # The first folder on the way down that the user may not enter.
  closed=$checkout
  walk=""
  for part in $(echo "${checkout#/}" | tr / ' '); do
    walk="$walk/$part"
    runuser -u "$user" -- test -x "$walk" 2>/dev/null || { closed=$walk; break; }
  done
  log "note: $user cannot read this checkout ($checkout): $closed is mode $(stat -c %a "$closed"), owned by $(stat -c %U "$closed"). Nothing there was changed; clone the repository as $user into a folder $user owns (e.g. $home/lxc-dashboard) and run scripts/run.sh there"
fi

log "ready: as $user, start the dashboard (e.g. scripts/run.sh in a clone $user owns); containers go to $lxc_dir"
