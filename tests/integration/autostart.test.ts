// Issue 12: containers marked autostart come up when the dashboard starts, on
// a host where nothing else starts them (this machine has no systemd), in
// lxc.start.order with lxc.start.delay, each with an Activity row saying what
// was done; a container not marked stays stopped; a restart of the dashboard
// in the same boot starts nothing again. The production server, on a private
// lxcpath (autostart must not touch anyone else's containers), with
// containers that have no network device.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActivityResponse } from "@/lib/activity-types";
import { testContainerConf } from "../helpers/test-container-conf";
import { startTestDashboard, type TestDashboard } from "../helpers/test-dashboard";

const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-autostart-lxc-"));
const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-autostart-data-"));
const id = randomBytes(3).toString("hex");
// Made in this order on purpose: LXC's order must win over creation and name order.
const LATER = `t-asa-${id}`; // lxc.start.order = 5
const FIRST = `t-asb-${id}`; // lxc.start.order = 1, lxc.start.delay = 3
const UNMARKED = `t-asc-${id}`;
const DELAY_S = 3;
let dash: TestDashboard | undefined;

const lxc = (tool: string, ...args: string[]) => execFileSync(tool, ["-P", lxcpath, ...args], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
const state = (name: string) => lxc("lxc-info", "-n", name, "-sH").trim();
const initPid = (name: string) => Number(lxc("lxc-info", "-n", name, "-pH").trim());
/** When a process started, in clock ticks since boot (field 22 of /proc/PID/stat). */
const startTicks = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19]);

function create(name: string, extra: string[]): void {
  const conf = path.join(lxcpath, `${name}.conf`);
  writeFileSync(conf, testContainerConf({ network: false }) + extra.join("\n") + "\n");
  lxc("lxc-create", "-n", name, "-t", "busybox", "-f", conf);
}

beforeAll(async () => {
  chmodSync(lxcpath, 0o755);
  create(LATER, ["lxc.start.auto = 1", "lxc.start.order = 5"]);
  create(FIRST, ["lxc.start.auto = 1", "lxc.start.order = 1", `lxc.start.delay = ${DELAY_S}`]);
  create(UNMARKED, []);
  dash = await startTestDashboard({ dataDir, env: { LXC_LXCPATH: lxcpath, AUTOSTART: "auto", NFT_TABLE: `lxcd_as${id}` } });
}, 180_000);

afterAll(async () => {
  await dash?.stop();
  for (const name of [LATER, FIRST, UNMARKED]) {
    for (const argv of [["lxc-stop", "-n", name, "-k"], ["lxc-destroy", "-n", name, "-f"]]) {
      try {
        lxc(argv[0]!, ...argv.slice(1));
      } catch {
        // not running, or gone
      }
    }
  }
  rmSync(lxcpath, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe("autostart at the dashboard's start", () => {
  it("starts the marked containers in lxc.start.order, waiting lxc.start.delay, and leaves the others", async () => {
    await vi.waitFor(() => expect([state(FIRST), state(LATER)]).toEqual(["RUNNING", "RUNNING"]), { timeout: 60_000, interval: 500 });
    const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    const gap = (startTicks(initPid(LATER)) - startTicks(initPid(FIRST))) / ticksPerSecond;
    // Order 1 before order 5, and the first one's delay waited between them.
    expect(gap).toBeGreaterThanOrEqual(DELAY_S - 0.1);
    expect(state(UNMARKED)).toBe("STOPPED");
    expect(dash!.output()).toContain(`Autostart: ${FIRST}, ${LATER} (in lxc.start.order).`);
  }, 90_000);

  it("says what it did in the Activity, as autostart, and audits each start", async () => {
    await vi.waitFor(async () => {
      const feed = await dash!.get<ActivityResponse>("/api/activity");
      const rows = feed.items.filter((i) => i.actor === "autostart" && i.source === "state");
      // Beside the live state's own "started" row (by autostart too), the row that says what autostart did.
      const said = (name: string) => rows.filter((r) => r.container === name).map((r) => r.what);
      expect(said(FIRST)).toContainEqual(expect.stringMatching(/started at the dashboard's start \(lxc.start.auto, 1 of 2 in lxc.start.order\); waiting its lxc.start.delay of 3 s/));
      expect(said(LATER)).toContainEqual(expect.stringMatching(/started at the dashboard's start \(lxc.start.auto, 2 of 2/));
      const audits = feed.items.filter((i) => i.actor === "autostart" && i.source === "audit");
      expect(audits.map((a) => a.container).sort()).toEqual([FIRST, LATER].sort());
      expect(audits.every((a) => a.command?.startsWith("lxc-start"))).toBe(true);
    }, { timeout: 20_000, interval: 500 });
  });

  it("starts nothing again when the dashboard restarts in the same boot", async () => {
    lxc("lxc-stop", "-n", LATER, "-k");
    await dash!.restart();
    await vi.waitFor(() => expect(dash!.output()).toContain("Autostart: already done for this boot."), { timeout: 30_000, interval: 500 });
    expect(state(LATER)).toBe("STOPPED");
    expect(state(FIRST)).toBe("RUNNING");
  }, 120_000);
});
