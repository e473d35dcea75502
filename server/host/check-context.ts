import { access } from "node:fs/promises";
import path from "node:path";
import type { CheckId, ReadinessRow } from "@/lib/host-readiness";
import { lxcPath } from "../lxc/lxc-path";
import { processIsRoot, runningUser, type HostUser } from "./host-user";

/** What every check needs to know about who is checking whom. */
export interface CheckContext {
  user: HostUser;
  /** This process runs as root: it may apply root's fixes, and commands are shown without sudo. */
  processRoot: boolean;
  /** This process is `user` itself (the dashboard checking its own user). */
  processIsUser: boolean;
  /** The user's lxcpath. */
  lxcpath: string;
  /** systemd is PID 1: it runs lxc-net and delegates cgroups to user sessions. */
  systemd: boolean;
  /** This process is the dashboard server (not scripts/check-host.ts): its own cgroups matter. */
  dashboard: boolean;
}

/**
 * A fix the dashboard can run itself. Every kind is a fixed action chosen by
 * the check; nothing in it comes from the browser.
 */
export type FixPlan = { runsAs: "root" | "user" } & (
  | {
      kind: "commands";
      /** argv arrays run in order; a failing step stops the rest unless it may fail. */
      steps: Array<{ argv: string[]; mayFail?: boolean }>;
    }
  | { kind: "write-file"; file: string; content: string }
  | { kind: "join-cgroups"; dirs: string[] }
);

export interface CheckOutcome {
  row: ReadinessRow;
  plan?: FixPlan;
}

export type Check = (ctx: CheckContext) => Promise<CheckOutcome>;

export { LXC_NET_BRIDGE as BRIDGE } from "./lxc-net-facts";

/** The lxcpath LXC gives a user by default: /var/lib/lxc for root, ~/.local/share/lxc otherwise. */
function defaultLxcPath(user: HostUser): string {
  return user.uid === 0 ? "/var/lib/lxc" : path.join(user.home, ".local/share/lxc");
}

/** The running user's lxcpath as the adapter uses it; its default when the lxc tools cannot say. */
function runningLxcPath(user: HostUser): string {
  try {
    return lxcPath();
  } catch {
    return defaultLxcPath(user);
  }
}

export async function checkContext(options: { user?: HostUser; dashboard: boolean }): Promise<CheckContext> {
  const self = await runningUser();
  const user = options.user ?? self;
  const processIsUser = user.uid === self.uid;
  return {
    user,
    processRoot: processIsRoot(),
    processIsUser,
    lxcpath: processIsUser ? runningLxcPath(user) : defaultLxcPath(user),
    systemd: await access("/run/systemd/system").then(
      () => true,
      () => false,
    ),
    dashboard: options.dashboard,
  };
}

/** The fields a check decides; the id's title is fixed, and canApply follows from the plan and who this process is. */
export type RowFields = Omit<ReadinessRow, "id" | "title" | "canApply" | "fix"> & { fix?: string | null };

export function outcome(ctx: CheckContext, id: CheckId, fields: RowFields, plan?: FixPlan): CheckOutcome {
  const fix = fields.state === "ok" ? null : (fields.fix ?? null);
  const allowed = plan !== undefined && (plan.runsAs === "root" ? ctx.processRoot : ctx.processIsUser);
  const canApply = fix !== null && allowed;
  return { row: { id, title: TITLES[id], ...fields, fix, canApply }, plan: canApply ? plan : undefined };
}

const TITLES: Record<CheckId, string> = {
  "lxc-tools": "LXC tools",
  kernel: "Kernel features",
  bridge: "Bridge lxcbr0 and its DHCP",
  "subordinate-ids": "Subordinate uid and gid ranges",
  "default-conf": "Container base config (idmap and network)",
  usernet: "Network device quota (lxc-usernet)",
  cgroups: "Cgroup access",
  disk: "Free disk in the lxcpath",
  forwarding: "Port forwards (nftables)",
};
