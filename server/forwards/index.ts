import type { LifecycleAction } from "@/lib/api-types";
import { processIsRoot } from "../host/host-user";
import { followContainers, startForwardEngine, stopForwardEngine } from "./forward-follow";

export { stopForwardEngine };

/**
 * At the server's start: the stored forwards applied again (after a reboot
 * the kernel has none of the rules, and a proxy listens only while the
 * dashboard runs), then followed. Says what it did on the console.
 */
export async function startForwards(table: string): Promise<void> {
  const mechanism = processIsRoot() ? "nftables" : "proxy";
  const restored = await startForwardEngine({ mechanism, table });
  const how = mechanism === "nftables" ? `nftables table ip ${table}` : "a TCP proxy in this process (not root)";
  if (restored.changes.length > 0 || restored.failed.size > 0) {
    console.log(`Forwards restored with ${how}: ${restored.changes.length} change(s), ${restored.failed.size} failed.`);
  }
}

/**
 * After a lifecycle action of ours: a destroyed container's forwards go with
 * it at once; a start or stop is followed without waiting for the next round.
 */
export async function containerActionDone(name: string, action: LifecycleAction): Promise<void> {
  const round = followContainers(action === "destroy" ? `${name} was destroyed` : `${name}: ${action}`);
  if (action === "destroy") await round;
}
