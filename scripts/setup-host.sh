#!/usr/bin/env bash
# Prepares this Debian/Ubuntu host for LXC Dashboard. Idempotent: each step
# checks first and changes only what is not already right.
#   scripts/setup-host.sh            host packages, the lxcbr0 bridge, subordinate ids
#   scripts/setup-host.sh --test     the same, plus what the tests need (chromium; netcat-openbsd
#                                    for a UDP listener in a test container; systemd, only for
#                                    `systemd-analyze verify` of the service unit; attr, acl and
#                                    libcap2-bin to set and read back what a backup must keep)
#   scripts/setup-host.sh --incus    also Incus (opt-in; scripts/setup-incus.sh): installed from
#                                    backports, started, initialised where nothing is configured,
#                                    and a locally made busybox image
set -euo pipefail

want_test_tools=0
want_incus=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test_tools=1 ;;
    --incus) want_incus=1 ;;
    *) echo "usage: $0 [--test] [--incus]" >&2; exit 2 ;;
  esac
done

log() { printf '[setup-host] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- packages ---------------------------------------------------------------
packages=(lxc busybox-static uidmap debootstrap iproute2 dnsmasq-base zstd nftables)
[ "$want_test_tools" -eq 1 ] && packages+=(chromium netcat-openbsd systemd attr acl libcap2-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  # Waits for another apt run (a second set-up, unattended upgrades) instead of failing on its lock.
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
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
# Fixed addresses: the dashboard's "Fixed address" writes one DHCP reservation
# per container (MAC,IP) into $hostsdir, which lxc-net's dnsmasq reads through
# the conf-file lxc-net passes it (LXC_DHCP_CONFILE in /etc/default/lxc-net) and
# re-reads by itself when a file changes (dhcp-hostsdir).
hostsdir=/etc/lxc/dhcp-hosts.d
confile=$( (. /etc/default/lxc-net 2>/dev/null; echo "${LXC_DHCP_CONFILE:-}") )
reservations_new=0
[ -d "$hostsdir" ] || as_root mkdir -p "$hostsdir"
if [ -z "$confile" ]; then
  confile=/etc/lxc/dnsmasq.conf
  log "/etc/default/lxc-net: LXC_DHCP_CONFILE=$confile (for lxcbr0's DHCP reservations)"
  echo "LXC_DHCP_CONFILE=$confile" | as_root tee -a /etc/default/lxc-net >/dev/null
  reservations_new=1
fi
if ! grep -qsx "dhcp-hostsdir=$hostsdir" "$confile"; then
  log "$confile: dhcp-hostsdir=$hostsdir"
  echo "dhcp-hostsdir=$hostsdir" | as_root tee -a "$confile" >/dev/null
  reservations_new=1
fi

if ip link show lxcbr0 >/dev/null 2>&1 && dnsmasq_alive && [ "$reservations_new" -eq 0 ]; then
  log "bridge lxcbr0 up with DHCP (reservations in $hostsdir)"
elif ip link show lxcbr0 >/dev/null 2>&1 && dnsmasq_alive && [ -d /run/systemd/system ]; then
  log "restarting lxc-net so its dnsmasq reads $confile (seconds; running containers keep their leases)"
  as_root systemctl restart lxc-net
elif ip link show lxcbr0 >/dev/null 2>&1 && dnsmasq_alive; then
  log "restarting lxc-net so its dnsmasq reads $confile (seconds; running containers keep their leases)"
  as_root /usr/libexec/lxc/lxc-net stop >/dev/null 2>&1 || true
  as_root /usr/libexec/lxc/lxc-net start
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

# --- Incus (opt-in) ------------------------------------------------------------
if [ "$want_incus" -eq 1 ]; then "$(dirname "$0")/setup-incus.sh"; fi
