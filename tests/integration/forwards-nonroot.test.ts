// Issue 12 in non-root mode: the dashboard runs as a regular user (prepared
// by scripts/setup-user.sh), which can write no nftables rule, so a forward is
// a TCP proxy inside the dashboard. The user's container's services are found
// by the user's dashboard; its page is exposed on a host port and fetched from
// a LAN namespace and by the host; it stops with the dashboard and comes back
// when it starts; it is refused while the container is stopped and served once
// it runs again; it goes with the container. A privileged port and UDP are
// refused at their fields, saying why.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ForwardsResponse } from "@/lib/forwards";
import type { ContainerServicesResponse } from "@/lib/services";
import { readListeningSockets } from "@/server/services/listening-sockets";
import { makeLanClient, type LanClient } from "../helpers/lan-namespace";
import { createServingContainer, PAGE, startServing, UDP_PORT, type LxcRunner } from "../helpers/service-container";
import { startTestDashboard, type TestDashboard } from "../helpers/test-dashboard";
import { eventually } from "./lxc-helpers";
import { prepareNonRootUser, type NonRootUser } from "./non-root-user";

const NAME = `t-fwdu-${randomBytes(3).toString("hex")}`;
let user: NonRootUser;
let lxc: LxcRunner;
let lan: LanClient;
let dash: TestDashboard;
let hostPort: number;

const create = (input: Record<string, unknown>) => dash.action("app/ports/actions.ts#createForwardAction", [input], "/ports");
const forwards = () => dash.get<ForwardsResponse>("/api/forwards");
const pageAt = (host: string) => `http://${host}:${hostPort}/`;

function freeTestPort(): number {
  const used = new Set((readListeningSockets("self") ?? []).map((s) => s.localPort));
  const port = Array.from({ length: 20 }, (_, i) => 18080 + i).find((p) => !used.has(p));
  if (port === undefined) throw new Error("every port of 18080-18099 is taken");
  return port;
}

beforeAll(async () => {
  user = await prepareNonRootUser("lxcdfw");
  lxc = user.lxcAsUser;
  const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-fwdu-data-"));
  chownSync(dataDir, user.uid, user.gid);
  user.onCleanUp(() => rmSync(dataDir, { recursive: true, force: true }));
  await createServingContainer(NAME, user.lxcpath, lxc);
  lan = makeLanClient();
  user.onCleanUp(() => lan.remove());
  hostPort = freeTestPort();
  dash = await startTestDashboard({ dataDir, env: { AUTOSTART: "off" }, user: { name: user.user, home: user.home } });
  user.onCleanUp(() => dash.stop());
}, 240_000);

afterAll(async () => {
  await user?.cleanUp();
});

describe("a forward made by a dashboard that runs as a regular user", () => {
  it("finds the user's container's services from the user's own dashboard", async () => {
    const found = await eventually(async () => {
      const r = await dash.get<ContainerServicesResponse>(`/api/containers/${NAME}/services`);
      return r.services.some((s) => s.protocol === "udp") ? r : undefined;
    }, 15_000, "both services");
    expect(found.services).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ protocol: "tcp", port: 80, program: "httpd" }),
        expect.objectContaining({ protocol: "udp", port: UDP_PORT, program: "nc" }),
      ]),
    );
  });

  it("refuses a privileged port and UDP at their fields", async () => {
    const low = await create({ container: NAME, protocol: "tcp", hostPort: 80, containerPort: 80 });
    expect((low?.fieldErrors as Record<string, string>).hostPort).toMatch(/regular user, who cannot listen below port 1024/);
    const udp = await create({ container: NAME, protocol: "udp", hostPort, containerPort: UDP_PORT });
    expect((udp?.fieldErrors as Record<string, string>).protocol).toMatch(/TCP only/);
    expect((await forwards()).forwards).toEqual([]);
  });

  it("serves the page through the dashboard's proxy to the LAN and to the host", async () => {
    const r = await create({ container: NAME, protocol: "tcp", hostPort, containerPort: 80 });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const { limits, forwards: list } = await forwards();
    expect(limits).toMatchObject({ mechanism: "proxy", protocols: ["tcp"], user: user.user, table: null });
    expect(list[0]).toMatchObject({ container: NAME, hostPort, state: "active" });
    expect(lan.fetch(pageAt(lan.hostAddress))).toContain(PAGE);
    expect(execFileSync("curl", ["-s", "-m", "5", pageAt(lan.hostAddress)], { encoding: "utf8" })).toContain(PAGE);
    // The proxy belongs to the dashboard, which runs as the user: no rule was written.
    expect(spawnSync("nft", ["list", "ruleset"], { encoding: "utf8" }).stdout).not.toContain(NAME);
  });

  it("stops with the dashboard and is back when it starts again", async () => {
    await dash.restart(() => {
      expect(lan.curlExit(pageAt(lan.hostAddress), 3)).toBe(7);
    });
    await eventually(async () => lan.fetch(pageAt(lan.hostAddress))?.includes(PAGE) || undefined, 20_000, "the page through the restored proxy");
  });

  it("waits while the container is stopped (refused) and serves again once it runs", async () => {
    lxc("lxc-stop", ["-n", NAME, "-k"]);
    await eventually(async () => (lan.curlExit(pageAt(lan.hostAddress), 3) === 7 ? true : undefined), 20_000, "a refused connection");
    expect((await forwards()).forwards[0]).toMatchObject({ state: "waiting" });
    await startServing(NAME, user.lxcpath, lxc);
    await eventually(async () => lan.fetch(pageAt(lan.hostAddress))?.includes(PAGE) || undefined, 30_000, "the page once the container runs");
  });

  it("goes with the container", async () => {
    const r = await dash.action("app/containers/actions.ts#destroyContainerAction", [NAME, NAME]);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect((await forwards()).forwards).toEqual([]);
    expect(lan.curlExit(pageAt(lan.hostAddress), 3)).toBe(7);
  });
});
