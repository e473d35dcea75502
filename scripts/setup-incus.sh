#!/usr/bin/env bash
# Incus for LXC Dashboard (opt-in: `scripts/setup-host.sh --incus`). Idempotent:
# each step looks first and changes only what is missing.
#   1. Debian: the <codename>-backports suite of the Debian mirror already in
#      the apt sources; then incus-base, incus-client and incus-extra
#      (lxc-to-incus) from it, without recommends (no qemu: containers only).
#   2. The daemon: the incus service with systemd; without systemd, incusd
#      itself in the background (setsid, log in /var/log/incus/incusd.log).
#   3. Each piece only where it is missing: a `dir` storage pool when there is
#      none, a bridge incusbr0 when there is no managed bridge (10.99.0.1/24, or
#      the next /24 no route of this host covers: never lxcbr0's 10.0.3.0/24;
#      INCUS_BRIDGE_ADDRESS to choose), and in the default profile a root disk
#      and eth0 on that bridge when it has none.
#   4. An image made here, since no image server is reachable: a busybox root
#      filesystem imported under the alias `busybox` (scripts/incus-busybox-image.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup-incus] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

INCUS_IMAGE_ALIAS=${INCUS_IMAGE_ALIAS:-busybox}
INCUS_LOG=/var/log/incus/incusd.log

# --- 1. packages --------------------------------------------------------------
packages=(incus-base incus-client incus-extra)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  . /etc/os-release
  target_release=()
  if [ "${ID:-}" = "debian" ]; then
    suite="${VERSION_CODENAME}-backports"
    if ! grep -rqs -- "$suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
      # The mirror the host already uses for its own suite, so nothing new is reached.
      mirror=$(grep -rhs -E '^(URIs:|deb )' /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null |
        grep -v security | grep -oE 'https?://[^ ]+/debian/?' | head -1 || true)
      mirror=${mirror:-http://deb.debian.org/debian}
      log "adding $suite from $mirror (/etc/apt/sources.list.d/$suite.sources)"
      printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$mirror" "$suite" | as_root tee "/etc/apt/sources.list.d/$suite.sources" >/dev/null
    fi
    target_release=(-t "$suite")
  fi
  log "installing: ${missing[*]}"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${target_release[@]}" "${missing[@]}" >/dev/null
else
  log "packages present: ${packages[*]}"
fi

# --- 2. the daemon --------------------------------------------------------------
daemon_up() { timeout 5 incus query /1.0 >/dev/null 2>&1; }
if daemon_up; then
  log "incusd answering on ${INCUS_DIR:-/var/lib/incus}/unix.socket"
elif [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  log "starting incus (systemd)"
  as_root systemctl enable --now incus.socket incus.service
else
  log "starting incusd (no systemd; log: $INCUS_LOG)"
  as_root mkdir -p "$(dirname "$INCUS_LOG")"
  # Its own session, so it outlives this script; --group root: the socket is root's only.
  # A plain command (no shell function) in the background: bash forks and execs it, so no
  # shell stays behind holding this script's stdout (a caller reading it to the end would hang).
  if [ "$(id -u)" -eq 0 ]; then
    setsid /usr/libexec/incus/incusd --group root >>"$INCUS_LOG" 2>&1 </dev/null &
  else
    sudo sh -c 'exec setsid /usr/libexec/incus/incusd --group root >>"$1" 2>&1 </dev/null' sh "$INCUS_LOG" </dev/null >/dev/null 2>&1 &
  fi
fi
if ! as_root incus admin waitready --timeout=120; then
  log "incusd did not become ready; the end of $INCUS_LOG:"
  tail -n 20 "$INCUS_LOG" >&2 || true
  exit 1
fi

# --- 3. configuration, each piece only where it is missing ------------------------
# Piece by piece (not one preseed), so a run stopped half-way is finished by the
# next one, and whatever a person configured is left as it is.
incus_q() { as_root incus "$@"; }
# A /24 for the bridge that no route of this host covers or splits (lxcbr0's
# 10.0.3.0/24 among them): INCUS_BRIDGE_ADDRESS when given, else the first
# free one of 10.99.0.1/24 ... 10.99.9.1/24.
net_free() {
  local net=$1
  [ -z "$(ip -4 -o route show root "$net")" ] && [ -z "$(ip -4 -o route show match "$net" | grep -v '^default' || true)" ]
}
bridge_address() {
  local candidate
  if [ -n "${INCUS_BRIDGE_ADDRESS:-}" ]; then
    net_free "${INCUS_BRIDGE_ADDRESS%.*}.0/24" || { log "INCUS_BRIDGE_ADDRESS=$INCUS_BRIDGE_ADDRESS overlaps a route of this host (ip -4 route); choose another /24" >&2; return 1; }
    echo "$INCUS_BRIDGE_ADDRESS"; return
  fi
  for i in 0 1 2 3 4 5 6 7 8 9; do
    candidate="10.99.$i.1/24"
    net_free "10.99.$i.0/24" && { echo "$candidate"; return; }
  done
  log "no free /24 in 10.99.0.0/20 for the Incus bridge; set INCUS_BRIDGE_ADDRESS" >&2
  return 1
}

if [ "$(incus_q storage list --format csv | grep -c . || true)" -eq 0 ]; then
  log "storage pool 'default' (dir)"
  incus_q storage create default dir >/dev/null
fi
pool=$(incus_q storage list --format csv | head -1 | cut -d, -f1)

network=$(incus_q network list --format csv | awk -F, '$2 == "bridge" && $3 == "YES" { print $1; exit }')
if [ -z "$network" ]; then
  address=$(bridge_address)
  log "bridge incusbr0 on $address (lxcbr0 keeps 10.0.3.0/24)"
  incus_q network create incusbr0 ipv4.address="$address" ipv4.nat=true ipv6.address=none >/dev/null
  network=incusbr0
fi

profile=$(incus_q query /1.0/profiles/default)
if ! grep -Eq '"path": *"/"' <<<"$profile"; then
  log "default profile: root disk on pool '$pool'"
  incus_q profile device add default root disk path=/ pool="$pool" >/dev/null
fi
if ! grep -Eq '"type": *"nic"' <<<"$profile"; then
  log "default profile: eth0 on $network"
  incus_q profile device add default eth0 nic network="$network" name=eth0 >/dev/null
fi
log "configured: pool '$pool', bridge $network $(incus_q network get "$network" ipv4.address), default profile $(incus_q profile device list default | tr '\n' ' ')"
# A host rebooted without systemd: the bridge is re-made by incusd itself at start.

# --- 4. the local image ----------------------------------------------------------------
if as_root incus image alias list --format csv | cut -d, -f1 | grep -qx "$INCUS_IMAGE_ALIAS"; then
  log "image alias '$INCUS_IMAGE_ALIAS' present"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "making a busybox image (alias '$INCUS_IMAGE_ALIAS')"
  scripts/incus-busybox-image.sh "$work"
  as_root incus image import "$work/meta.tar.gz" "$work/rootfs.tar.gz" --alias "$INCUS_IMAGE_ALIAS" >/dev/null
fi
log "ready: $(as_root incus version | tr '\n' ' ')"
