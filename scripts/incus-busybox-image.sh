#!/usr/bin/env bash
# Makes a small Incus container image from this host's busybox-static, since no
# image server is reachable: DIR/rootfs.tar.gz and DIR/meta.tar.gz (a split
# image), for `incus image import DIR/meta.tar.gz DIR/rootfs.tar.gz --alias NAME`.
# The container runs busybox init, brings up eth0 with udhcpc and stops
# cleanly on Incus's SIGPWR (see etc/inittab below).
set -euo pipefail
out=${1:?usage: incus-busybox-image.sh OUTPUT_DIR}
# busybox-static's /bin/busybox: the container has no C library for a dynamic one.
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "busybox-static is needed (apt-get install busybox-static)" >&2; exit 1; }

root="$out/rootfs"
rm -rf "$root" && mkdir -p "$root"
cd "$root"
mkdir -p bin sbin usr/bin usr/sbin etc/init.d dev proc sys tmp run root var/log usr/share/udhcpc
chmod 1777 tmp
cp "$busybox" bin/busybox
# Every applet as a symlink where busybox itself would install it.
for applet in $("$busybox" --list-full); do
  [ -e "$applet" ] || ln -s /bin/busybox "$applet"
done

cat > etc/inittab <<'EOF'
::sysinit:/etc/init.d/rcS
::shutdown:/bin/umount -a -r
EOF
cat > etc/init.d/rcS <<'EOF'
#!/bin/sh
mount -t tmpfs tmpfs /run 2>/dev/null
ip link set lo up
ip link set eth0 up 2>/dev/null && udhcpc -i eth0 -b -S -s /usr/share/udhcpc/default.script >/dev/null 2>&1
mkdir -p /www && echo "busybox on $(hostname)" > /www/index.html
httpd -p 80 -h /www
EOF
cat > usr/share/udhcpc/default.script <<'EOF'
#!/bin/sh
# udhcpc's hook: put the leased address, route and resolver in place.
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    for r in $router; do ip route add default via "$r" dev "$interface"; break; done
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done ;;
esac
EOF
chmod 755 etc/init.d/rcS usr/share/udhcpc/default.script
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > etc/passwd
printf 'root:x:0:\nnogroup:x:65534:\n' > etc/group
echo busybox > etc/hostname
: > etc/resolv.conf
tar --numeric-owner --owner=0 --group=0 -czf "$out/rootfs.tar.gz" -C "$root" .

cat > "$out/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: busybox $("$busybox" | head -1 | awk '{print $2}') (made locally by LXC Dashboard)
  os: busybox
  release: "$("$busybox" | head -1 | awk '{print $2}' | tr -d v)"
templates: {}
EOF
tar --numeric-owner --owner=0 --group=0 -czf "$out/meta.tar.gz" -C "$out" metadata.yaml
rm -rf "$root"
