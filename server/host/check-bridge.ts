import { access } from "node:fs/promises";
import { runTool } from "../lxc/run-tool";
import { BRIDGE, outcome, type Check, type CheckContext, type FixPlan } from "./check-context";
import { rootCommand } from "./fix-commands";
import { bridgeUp, dnsmasqPid, DNSMASQ_PID_FILE, LXC_NET_PATHS } from "./lxc-net-facts";

/** From `ip`, not os.networkInterfaces(): that skips a bridge without carrier (no container attached yet). */
async function bridgeAddresses(): Promise<string[]> {
  const { exitCode, stdout } = await runTool(["ip", "-4", "-o", "addr", "show", "dev", BRIDGE]).catch(() => ({ exitCode: 1, stdout: "" }));
  return exitCode === 0 ? [...stdout.matchAll(/\binet (\S+)/g)].map((m) => m[1]!) : [];
}

async function lxcNetPath(): Promise<string | null> {
  for (const p of LXC_NET_PATHS) {
    if (await access(p).then(() => true, () => false)) return p;
  }
  return null;
}

/**
 * With systemd, lxc-net is a service. Without it, lxc-net is run by hand, and
 * it refuses to start while /run/lxc/network_up exists even when its dnsmasq
 * died, so the fix stops it first (which may fail when nothing runs).
 */
async function restartPlan(ctx: CheckContext): Promise<{ fix: string | null; plan?: FixPlan }> {
  if (ctx.systemd) {
    return {
      fix: rootCommand(ctx, "systemctl restart lxc-net"),
      plan: { runsAs: "root", kind: "commands", steps: [{ argv: ["systemctl", "restart", "lxc-net"] }] },
    };
  }
  const lxcNet = await lxcNetPath();
  if (lxcNet === null) return { fix: null };
  return {
    fix: rootCommand(ctx, `${lxcNet} stop; ${lxcNet} start`),
    plan: { runsAs: "root", kind: "commands", steps: [{ argv: [lxcNet, "stop"], mayFail: true }, { argv: [lxcNet, "start"] }] },
  };
}

/** lxcbr0 exists, is up, has an IPv4 address, and lxc-net's dnsmasq serves DHCP on it. */
export const checkBridge: Check = async (ctx) => {
  const [up, pid, addresses] = await Promise.all([bridgeUp(BRIDGE), dnsmasqPid(), bridgeAddresses()]);
  const problems = [
    up === false && `${BRIDGE} is down`,
    up && addresses.length === 0 && `${BRIDGE} has no IPv4 address`,
    pid === null && `no DHCP server (the dnsmasq in ${DNSMASQ_PID_FILE} is not running): containers get no address`,
  ].filter((p): p is string => typeof p === "string");

  if (up !== null && problems.length === 0) {
    return outcome(ctx, "bridge", { state: "ok", found: `${BRIDGE} up, ${addresses.join(", ")}, DHCP by dnsmasq (pid ${pid})`, essential: true });
  }
  const { fix, plan } = await restartPlan(ctx);
  const found = up === null ? `there is no ${BRIDGE}: containers will have no network` : problems.join("; ");
  return outcome(ctx, "bridge", { state: up === null ? "missing" : "wrong", found, fix, essential: true }, plan);
};
