import { readdir, readFile } from "node:fs/promises";
import { isUserVeth, parseNics, parseUsernet, usernetLine, usernetQuota } from "@/lib/host-usernet";
import { BRIDGE, outcome, type Check, type CheckContext } from "./check-context";
import { appendLineCommand } from "./fix-commands";

export const USERNET_FILE = "/etc/lxc/lxc-usernet";
const NICS_FILE = "/run/lxc/nics";

/**
 * The user's veths on the bridge now. lxc-user-nic records each in
 * /run/lxc/nics (root-only; stale lines stay until its next run, so only
 * devices that still exist count); anyone else counts the bridge's ports
 * named veth<uid>_XXXX, the names lxc-user-nic gives.
 */
async function vethsInUse(ctx: CheckContext): Promise<number> {
  const ports = new Set(await readdir(`/sys/class/net/${BRIDGE}/brif`).catch(() => [] as string[]));
  const nics = await readFile(NICS_FILE, "utf8").catch(() => null);
  if (nics !== null) {
    return parseNics(nics).filter((n) => n.owner === ctx.user.name && n.type === "veth" && n.link === BRIDGE && ports.has(n.nic)).length;
  }
  return [...ports].filter((p) => isUserVeth(p, ctx.user.uid)).length;
}

/** How many veths on lxcbr0 /etc/lxc/lxc-usernet allows the user, and how many it uses. Root needs none. */
export const checkUsernet: Check = async (ctx) => {
  if (ctx.user.uid === 0) {
    return outcome(ctx, "usernet", { state: "ok", found: "root makes its containers' veths itself: lxc-usernet does not apply", essential: true });
  }
  const text = (await readFile(USERNET_FILE, "utf8").catch(() => "")) ?? "";
  const quota = usernetQuota(parseUsernet(text), ctx.user, "veth", BRIDGE);
  if (quota.count === 0) {
    const line = usernetLine(ctx.user.name);
    return outcome(ctx, "usernet", {
      state: "missing",
      found: `no line for ${ctx.user.name} (veth on ${BRIDGE}) in ${USERNET_FILE}: its containers cannot get a network device`,
      fix: appendLineCommand(ctx, line, USERNET_FILE),
      essential: true,
    });
  }
  const used = await vethsInUse(ctx);
  const found = `${quota.lines.join(" + ")}: ${used} of ${quota.count} in use`;
  if (used >= quota.count) {
    return outcome(ctx, "usernet", {
      state: "wrong",
      found: `${found}: another running container gets no network until one stops or the number in ${USERNET_FILE} is raised`,
      essential: true,
    });
  }
  return outcome(ctx, "usernet", { state: "ok", found, essential: true });
};
