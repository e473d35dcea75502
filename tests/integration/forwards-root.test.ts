// Issue 12, as root: a container's web page exposed on a host port through
// nftables DNAT, fetched from another machine on the LAN (a network namespace
// of the test's own) and by the host itself at its own address; restored
// after a restart of the dashboard (with the rules gone, as after a reboot);
// refused while the container is stopped and served again once it starts;
// gone from the ruleset with the container. Bad input is refused at its field
// with nothing applied. The dashboard is the production server, run with a
// private lxcpath and an nftables table of the test's own.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ForwardsResponse } from "@/lib/forwards";
import { readListeningSockets } from "@/server/services/listening-sockets";
import { makeLanClient, type LanClient } from "../helpers/lan-namespace";
import { createServingContainer, PAGE, removeServingContainer, startServing, target } from "../helpers/service-container";
import { testContainerConf } from "../helpers/test-container-conf";
import { startTestDashboard, type TestDashboard } from "../helpers/test-dashboard";
import { eventually } from "./lxc-helpers";

const TABLE = `lxcd_t${randomBytes(3).toString("hex")}`;
const NAME = `t-fwd-${randomBytes(3).toString("hex")}`;
const QUIET = `t-fwdq-${randomBytes(3).toString("hex")}`;
const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-fwd-lxc-"));
const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-fwd-data-"));
let lan: LanClient;
let dash: TestDashboard;
let hostPort: number;

const nft = (...args: string[]) => spawnSync("nft", args, { encoding: "utf8" });
const ruleset = () => nft("list", "ruleset").stdout;

/** A port of 18080–18099 that nothing on the host listens on and no rule forwards. */
function freeTestPort(): number {
  const used = new Set((readListeningSockets("self") ?? []).map((s) => s.localPort));
  const rules = ruleset();
  const port = Array.from({ length: 20 }, (_, i) => 18080 + i).find((p) => !used.has(p) && !rules.includes(`dport ${p} `));
  if (port === undefined) throw new Error("every port of 18080-18099 is taken");
  return port;
}

const create = (input: Record<string, unknown>) => dash.action("app/ports/actions.ts#createForwardAction", [input], "/ports");
const forwards = () => dash.get<ForwardsResponse>("/api/forwards");
const pageAt = (host: string) => `http://${host}:${hostPort}/`;

beforeAll(async () => {
  chmodSync(lxcpath, 0o755); // the unprivileged root (uid 100000) must reach its rootfs through it
  await createServingContainer(NAME, lxcpath);
  // A container with no network at all: nothing can be forwarded to it.
  writeFileSync(`${lxcpath}/quiet.conf`, testContainerConf({ network: false }));
  execFileSync("lxc-create", [...target(QUIET, lxcpath), "-t", "busybox", "-f", `${lxcpath}/quiet.conf`], { stdio: "ignore" });
  lan = makeLanClient();
  hostPort = freeTestPort();
  dash = await startTestDashboard({ dataDir, env: { LXC_LXCPATH: lxcpath, NFT_TABLE: TABLE, AUTOSTART: "off" } });
}, 180_000);

afterAll(async () => {
  await dash?.stop();
  nft("delete", "table", "ip", TABLE);
  lan?.remove();
  removeServingContainer(NAME, lxcpath);
  removeServingContainer(QUIET, lxcpath);
  rmSync(lxcpath, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a forward made as root", () => {
  it("refuses bad input at its field and applies nothing", async () => {
    const dashboardPort = Number(new URL(dash.baseURL).port);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ hostPort: 70000 }, "hostPort", /from 1 to 65535/],
      [{ hostPort: dashboardPort }, "hostPort", new RegExp(`Host port ${dashboardPort}/tcp is in use on this host by node`)],
      [{ container: "t-no-such-container" }, "container", /There is no container named t-no-such-container/],
      [{ container: QUIET }, "container", /has no network interface/],
    ];
    for (const [change, field, message] of cases) {
      const r = await create({ container: NAME, protocol: "tcp", hostPort, containerPort: 80, ...change });
      expect(r?.ok, JSON.stringify(r)).toBe(false);
      expect((r?.fieldErrors as Record<string, string>)[field]).toMatch(message);
    }
    expect((await forwards()).forwards).toEqual([]);
    expect(nft("list", "table", "ip", TABLE).status).not.toBe(0);
  });

  it("serves the container's page on the host port to the LAN and to the host itself", async () => {
    const r = await create({ container: NAME, protocol: "tcp", hostPort, containerPort: 80 });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const [forward] = (await forwards()).forwards;
    expect(forward).toMatchObject({ container: NAME, hostPort, containerPort: 80, state: "active", createdBy: "lanadmin" });
    expect(nft("list", "table", "ip", TABLE).stdout).toContain(`tcp dport ${hostPort} dnat to ${forward!.target}`);
    // lxc-net's own tables are as they were: still there, and not ours.
    expect(ruleset()).toMatch(/table ip lxc \{/);

    expect(lan.fetch(pageAt(lan.hostAddress))).toContain(PAGE);
    expect(lan.fetch(pageAt(lan.hostEnd))).toContain(PAGE);
    // Hairpin: the host itself at its own address.
    expect(execFileSync("curl", ["-s", "-m", "5", pageAt(lan.hostAddress)], { encoding: "utf8" })).toContain(PAGE);

    // The same host port again is taken, by that forward.
    const again = await create({ container: NAME, protocol: "tcp", hostPort, containerPort: 80 });
    expect((again?.fieldErrors as Record<string, string>).hostPort).toMatch(`already forwards to ${NAME}:80`);
  });

  it("is restored when the dashboard starts again after a reboot took the rules", async () => {
    await dash.restart(() => {
      // What a reboot does to the kernel's rules; the forward is still in the database.
      nft("delete", "table", "ip", TABLE);
      expect(lan.curlExit(pageAt(lan.hostAddress), 3)).not.toBe(0);
    });
    await eventually(async () => lan.fetch(pageAt(lan.hostAddress))?.includes(PAGE) || undefined, 20_000, "the page through the restored forward");
  });

  it("waits while the container is stopped (refused) and serves again once it runs", async () => {
    execFileSync("lxc-stop", [...target(NAME, lxcpath), "-k"]);
    await eventually(async () => (lan.curlExit(pageAt(lan.hostAddress), 3) === 7 ? true : undefined), 20_000, "a refused connection");
    const waiting = (await forwards()).forwards[0]!;
    expect(waiting).toMatchObject({ state: "waiting", target: null });
    expect(waiting.reason).toMatch(/not running/);

    await startServing(NAME, lxcpath);
    await eventually(async () => lan.fetch(pageAt(lan.hostAddress))?.includes(PAGE) || undefined, 30_000, "the page once the container runs");
    expect((await forwards()).forwards[0]).toMatchObject({ state: "active" });
  });

  it("goes with the container: nothing of it is left in the ruleset", async () => {
    const address = (await forwards()).forwards[0]!.target!.split(":")[0]!;
    const r = await dash.action("app/containers/actions.ts#destroyContainerAction", [NAME, NAME]);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect((await forwards()).forwards).toEqual([]);
    const after = ruleset();
    expect(after).not.toContain(NAME);
    expect(after).not.toContain(address);
    expect(after).not.toContain(`dport ${hostPort} `);
  });
});
