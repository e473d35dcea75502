import { access, readFile } from "node:fs/promises";
import type { HostProblem } from "@/lib/api-types";

/**
 * The essentials without which the list cannot work or containers get no
 * network, checked cheaply on every list request (two file reads): the lxc
 * tools and the lxcbr0 bridge with its DHCP server.
 */
export async function hostProblem(toolsMissing: boolean): Promise<HostProblem | null> {
  if (toolsMissing) {
    return { message: "The lxc tools are not installed on this host.", fix: "sudo apt-get install -y lxc" };
  }
  const bridgeUp = await access("/sys/class/net/lxcbr0").then(() => true, () => false);
  if (!bridgeUp || !(await dnsmasqAlive())) {
    return {
      message: bridgeUp
        ? "The lxcbr0 bridge has no DHCP server: containers will not get addresses."
        : "The lxcbr0 bridge is down: containers will have no network.",
      fix: "sudo systemctl restart lxc-net   # without systemd: sudo /usr/libexec/lxc/lxc-net stop; sudo /usr/libexec/lxc/lxc-net start",
    };
  }
  return null;
}

async function dnsmasqAlive(): Promise<boolean> {
  const pid = Number((await readFile("/run/lxc/dnsmasq.pid", "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return access(`/proc/${pid}`).then(() => true, () => false);
}
