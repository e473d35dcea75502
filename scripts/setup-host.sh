#!/usr/bin/env bash
# Prepares this Debian/Ubuntu host for LXC Dashboard. Idempotent: each step
# checks first and changes only what is not already right.
#   scripts/setup-host.sh            host packages, the lxcbr0 bridge, subordinate ids
#   scripts/setup-host.sh --test     the same, plus what the tests need (chromium)
set -euo pipefail

want_test_tools=0
[ "${1:-}" = "--test" ] && want_test_tools=1

log() { printf '[setup-host] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- packages ---------------------------------------------------------------
packages=(lxc busybox-static uidmap debootstrap iproute2 dnsmasq-base)
[ "$want_test_tools" -eq 1 ] && packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "packages present: ${packages[*]}"
fi

# --- the lxcbr0 bridge and its DHCP ------------------------------------------
# With systemd this is the lxc-net service. Without it, lxc-net must be run by
# hand, and it refuses to start while /run/lxc/network_up exists even when its
# dnsmasq has died, so a dead dnsmasq means stop then start.
dnsmasq_alive() {
  local pid
  pid=$(cat /run/lxc/dnsmasq.pid 2>/dev/null) || return 1
  # /proc, not kill -0: a regular user may not signal the dnsmasq user's process.
  [ -n "$pid" ] && [ -d "/proc/$pid" ]
}
if ip link show lxcbr0 >/dev/null 2>&1 && dnsmasq_alive; then
  log "bridge lxcbr0 up with DHCP"
elif [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  log "starting lxc-net (systemd)"
  as_root systemctl enable --now lxc-net
  as_root systemctl restart lxc-net
else
  log "starting lxc-net (no systemd)"
  as_root /usr/libexec/lxc/lxc-net stop >/dev/null 2>&1 || true
  as_root /usr/libexec/lxc/lxc-net start
fi
ip -4 -br addr show lxcbr0 | sed 's/^/[setup-host] /'

# --- subordinate uid/gid ranges for the user the dashboard runs as ----------
run_user=${DASHBOARD_USER:-$(id -un)}
for f in /etc/subuid /etc/subgid; do
  [ -e "$f" ] || as_root touch "$f"
  if grep -q "^${run_user}:" "$f"; then
    log "$f: $(grep "^${run_user}:" "$f" | head -1)"
  else
    # The first free 65536-id block at or above 100000.
    start=$(awk -F: 'BEGIN{m=100000} {e=$2+$3; if (e>m) m=e} END{print m}' "$f")
    log "$f: adding ${run_user}:${start}:65536"
    echo "${run_user}:${start}:65536" | as_root tee -a "$f" >/dev/null
  fi
done
