import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { recordActivity } from "../activity";
import { performAction } from "../containers/container-actions";
import { containerState, liveStoreReady } from "../live";
import { lxcPath, runToolOrThrow } from "../lxc";
import { BOOT_GROUPS, hostAutostarter, parseAutostartList, readInitFacts, type AutostartEntry } from "./autostart-plan";

/**
 * Autostart at the dashboard's start: when nothing else on the host does it
 * (systemd's lxc.service, sysvinit's /etc/init.d/lxc), the containers marked
 * lxc.start.auto = 1 are started in LXC's own order (`lxc-autostart -L`:
 * lxc.start.order, lower first; the boot groups "onboot" and none), waiting
 * each one's lxc.start.delay, each start the same audited operation as a
 * click (actor "autostart") with an Activity row saying what was done. Once
 * per boot (the kernel's boot_id is kept in DATA_DIR): a restart of the
 * dashboard does not start again what someone stopped since.
 */

const ACTOR = "autostart";

export interface AutostartOptions {
  mode: "auto" | "off";
  dataDir: string;
  /** For tests: the init facts (default: this host's). */
  hostStarter?: string | null;
  sleep?: (ms: number) => Promise<void>;
}

async function bootId(): Promise<string> {
  return (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the autostart round in the background (server/index.ts); resolves when it is done, for tests and logs. */
export async function runAutostart(options: AutostartOptions): Promise<void> {
  if (options.mode === "off") return;
  const starter = options.hostStarter !== undefined ? options.hostStarter : hostAutostarter(readInitFacts());
  if (starter) {
    console.log(`Autostart: left to the host (${starter}).`);
    return;
  }
  const marker = path.join(options.dataDir, "autostart-boot-id");
  const boot = await bootId();
  if ((await readFile(marker, "utf8").catch(() => "")).trim() === boot) {
    console.log("Autostart: already done for this boot.");
    return;
  }
  // Written first: a crash half-way must not start again at the next start what was started (or stopped) since.
  await writeFile(marker, `${boot}\n`);
  const listed = await runToolOrThrow(["lxc-autostart", "-P", lxcPath(), "-L", "-g", BOOT_GROUPS]);
  const plan = parseAutostartList(listed.stdout);
  if (plan.length > 0) console.log(`Autostart: ${plan.map((e) => e.name).join(", ")} (in lxc.start.order).`);
  await liveStoreReady();
  for (const [index, entry] of plan.entries()) {
    await startOne(entry, index + 1, plan.length);
    if (entry.delaySeconds > 0 && index < plan.length - 1) await (options.sleep ?? wait)(entry.delaySeconds * 1000);
  }
}

async function startOne(entry: AutostartEntry, position: number, of: number): Promise<void> {
  const where = `${position} of ${of} in lxc.start.order`;
  const now = await containerState(entry.name).catch(() => null);
  if (now && now.state !== "STOPPED") {
    await recordActivity({ container: entry.name, kind: "autostart", actor: ACTOR, message: `autostart: already ${now.state.toLowerCase()}, left as it is (${where})` });
    return;
  }
  const result = await performAction({ actor: ACTOR, address: null }, entry.name, "start");
  const delay = entry.delaySeconds > 0 ? `; waiting its lxc.start.delay of ${entry.delaySeconds} s before the next` : "";
  await recordActivity({
    container: entry.name,
    kind: "autostart",
    actor: ACTOR,
    level: result.ok ? "info" : "error",
    message: result.ok ? `started at the dashboard's start (lxc.start.auto, ${where})${delay}` : `autostart failed: ${result.error}`,
  });
}

/** server/index.ts: one call; failures are logged, never fatal. */
export function startAutostart(options: AutostartOptions): void {
  void runAutostart(options).catch((err: unknown) => console.error("Autostart failed:", err));
}
