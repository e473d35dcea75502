import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerDetailResponse, ContainerListResponse } from "@/lib/api-types";
import type { ContainerProcessesResponse } from "@/lib/process-types";
import type { ContainerServicesResponse } from "@/lib/services";
import { defaultRunner, setToolRunner, type ToolRunner } from "@/server/lxc/run-tool";
import { useTempDatabase } from "../helpers/temp-database";
import { privateLxcpath, within } from "./live-helpers";
import { run } from "./lxc-helpers";

/**
 * Issue 9: `GET /api/containers` and every page that shows state answer from
 * the live state store in memory and spawn no process. Against real LXC (a
 * busybox container on a private lxcpath, started, with its DHCP address)
 * and a real SQLite session: the real tool runner is wrapped by one that
 * counts (every call still runs the real tool). Spawns are attributed to the
 * calls under test through AsyncLocalStorage, so background work started by
 * a call (a du "in the background", a services read) counts too, while the
 * store's own timers (the 30 s lxc-ls reconciliation) do not blur the count.
 */

interface Spawn {
  argv: string[];
  /** The call under test whose async context started it; null for the store's own timers and watchers. */
  during: string | null;
}

const calls = new AsyncLocalStorage<string>();
const spawns: Spawn[] = [];
const record = (argv: readonly string[]) => spawns.push({ argv: [...argv], during: calls.getStore() ?? null });
const counting: ToolRunner = {
  run(argv, options) {
    record(argv);
    return defaultRunner.run(argv, options);
  },
  runSync(argv) {
    record(argv);
    return defaultRunner.runSync(argv);
  },
  pipe(argv, options) {
    record(argv);
    return defaultRunner.pipe!(argv, options);
  },
};
setToolRunner(counting);

const temp = useTempDatabase();
const lxcpath = privateLxcpath("lxcd-nospawn-");
// The dashboard's lxcpath (lxcPath(), the store the routes read) is the private one.
process.env.LXC_LXCPATH = lxcpath.path;

const { db } = await import("@/server/db");
const { createUser } = await import("@/server/auth/accounts");
const { login } = await import("@/server/auth/sessions");
const { CLIENT_ADDRESS_HEADER } = await import("@/server/auth/client-address");
const { startLiveState } = await import("@/server/live");
const { GET: listRoute } = await import("@/app/api/containers/route");
const { GET: detailRoute } = await import("@/app/api/containers/[name]/route");
const { GET: processesRoute } = await import("@/app/api/containers/[name]/processes/route");
const { GET: servicesRoute } = await import("@/app/api/containers/[name]/services/route");
const { containerDetailView } = await import("@/server/containers/detail-view");
const { containerSettingsView } = await import("@/server/containers/settings-view");
const { fixedAddressView } = await import("@/server/addresses/fixed-address");
const { startRootfsSizes } = await import("@/server/containers/rootfs-sizes");
const { subscribeLive } = await import("@/server/live/live-bus");

const name = `t-nospawn-${randomBytes(3).toString("hex")}`;
const ROUNDS = 20;
let cookie = "";
let store: ReturnType<typeof startLiveState>;
let sizes: ReturnType<typeof startRootfsSizes>;
let address = "";
let initPid = 0;
/** lxcbr0's own address and prefix as `ip` (run straight, not through the runner) prints them. */
const lxcbr0 = (() => {
  const m = /\sinet (\d+\.\d+\.\d+\.\d+)\/(\d+)/.exec(run("ip", "-4", "-o", "addr", "show", "dev", "lxcbr0"));
  return m ? { bridge: "lxcbr0", address: m[1], prefix: Number(m[2]) } : null;
})();

beforeAll(async () => {
  const created = await createUser({ name: "vera", password: "a long enough password", role: "viewer" });
  if (!created.ok) throw new Error(created.error);
  const session = await login("vera", "a long enough password", { address: "127.0.0.1" });
  if (!session.ok) throw new Error("login failed");
  cookie = `lxcd_session=${session.token}`;

  // What the custom server starts: the store of the dashboard's lxcpath, wired to our actions and the push stream,
  // and the background queue that measures rootfs sizes with du (outside any call: its spawns are its own).
  sizes = startRootfsSizes();
  store = startLiveState();
  await store.start();
  await within(10_000, "lxc-monitor up", () => store.watcherStatus().monitorUp);

  lxcpath.create(name);
  lxcpath.lxc("lxc-start", "-n", name, "-d");
  // DHCP takes some seconds on a busybox container.
  await within(60_000, "RUNNING with an IPv4 address in the store", () => {
    const row = store.get(name);
    return row?.state === "RUNNING" && row.pid !== null && row.ipv4.length > 0;
  });
  initPid = Number(lxcpath.lxc("lxc-info", "-n", name, "-pH").trim());
  address = lxcpath.lxc("lxc-info", "-n", name, "-iH").trim().split("\n").find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? "";
}, 120_000);

afterAll(async () => {
  store?.stop();
  sizes?.stop();
  setToolRunner();
  lxcpath.remove();
  await db().$disconnect();
  temp.cleanup();
});

function request(path: string): Request {
  return new Request(`http://localhost:3000${path}`, { headers: { host: "localhost:3000", cookie, [CLIENT_ADDRESS_HEADER]: "127.0.0.1" } });
}
const ctx = { params: Promise.resolve({ name }) };

/** Runs `fn` as the call `label`: every spawn it starts, now or later from its async context, is put down to it. */
function asCall<T>(label: string, fn: () => Promise<T>): Promise<T> {
  return calls.run(label, fn);
}

/** Let background work a call may have started (du, the services read) reach the runner before counting. */
const settle = () => new Promise((r) => setTimeout(r, 500));

describe("answers about state come from memory (issue 9)", () => {
  it("starts from a container lxc-info sees running, with an address", () => {
    expect(initPid).toBeGreaterThan(0);
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(lxcbr0).not.toBeNull();
  });

  it(`GET /api/containers, ${ROUNDS} times: the right state and address, no process spawned`, async () => {
    spawns.length = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const res = await asCall("GET /api/containers", () => listRoute(request("/api/containers"), undefined));
      expect(res.status).toBe(200);
      const body = (await res.json()) as ContainerListResponse;
      const row = body.containers.find((c) => c.name === name);
      expect(row).toMatchObject({ state: "RUNNING", pid: initPid, unprivileged: true });
      expect(row?.ipv4).toContain(address);
    }
    await settle();
    expect(spawns.filter((s) => s.during !== null)).toEqual([]);
  });

  it("the page's rootfs size: unknown at first, measured by du in the background, pushed, then answered from memory", async () => {
    const rootfs = `${lxcpath.path}/${name}/rootfs`;
    const pushed: string[] = [];
    const unsubscribe = subscribeLive("viewer", (event) => {
      if (event.type === "data" && event.what === "size" && event.container === name) pushed.push(event.container);
    });
    try {
      spawns.length = 0;
      const first = (await (await asCall("GET /api/containers/NAME", () => detailRoute(request(`/api/containers/${name}`), ctx))).json()) as ContainerDetailResponse;
      expect(first.rootfsBytes).toBeNull();
      await within(30_000, "the size pushed", () => pushed.length > 0);
      // du ran, and not in the call's context: the queue's own.
      expect(spawns.filter((s) => s.argv[0] === "du").map((s) => s.during)).toEqual([null]);
      const byDu = Number(/^(\d+)\s/.exec(run("du", "-sx", "-B1", rootfs))?.[1]);
      const again = (await (await asCall("GET /api/containers/NAME", () => detailRoute(request(`/api/containers/${name}`), ctx))).json()) as ContainerDetailResponse;
      // A running container writes a little (logs, a pid file) between the two du runs.
      expect(Math.abs(again.rootfsBytes! - byDu)).toBeLessThan(1 << 20);
    } finally {
      unsubscribe();
    }
  });

  it(`GET /api/containers/NAME, ${ROUNDS} times: the right state, PID and address, no process spawned`, async () => {
    spawns.length = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const res = await asCall("GET /api/containers/NAME", () => detailRoute(request(`/api/containers/${name}`), ctx));
      expect(res.status).toBe(200);
      const body = (await res.json()) as ContainerDetailResponse;
      expect(body).toMatchObject({ name, state: "RUNNING", pid: initPid, unprivileged: true, configPath: `${lxcpath.path}/${name}/config` });
      expect(body.ipv4).toContain(address);
      // Measured, not left unknown.
      expect(body.rootfsBytes).toBeGreaterThan(0);
    }
    await settle();
    expect(spawns.filter((s) => s.during !== null)).toEqual([]);
  });

  it(`the container pages' server functions, ${ROUNDS} times each: no process spawned`, async () => {
    spawns.length = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // The container page (its client asks GET /api/containers/NAME; this is what answers).
      const detail = await asCall("containerDetailView", () => containerDetailView(name));
      expect(detail).toMatchObject({ state: "RUNNING", pid: initPid });
      expect(detail.ipv4).toContain(address);
      // The Settings page: the state (settings can be changed only when stopped) and the fixed address form.
      const settings = await asCall("containerSettingsView", () => containerSettingsView(name));
      expect(settings.state).toBe("RUNNING");
      const fixed = await asCall("fixedAddressView", () => fixedAddressView(name));
      expect(fixed.bridge).toEqual(lxcbr0);
      // The Processes and Services tabs.
      const processes = await asCall("GET /api/containers/NAME/processes", () => processesRoute(request(`/api/containers/${name}/processes`), ctx));
      expect(processes.status).toBe(200);
      const procs = (await processes.json()) as ContainerProcessesResponse;
      expect(procs.processes.some((p) => p.hostPid === initPid && p.pid === 1)).toBe(true);
      const services = await asCall("GET /api/containers/NAME/services", () => servicesRoute(request(`/api/containers/${name}/services`), ctx));
      expect(services.status).toBe(200);
      expect(((await services.json()) as ContainerServicesResponse).running).toBe(true);
    }
    await settle();
    expect(spawns.filter((s) => s.during !== null)).toEqual([]);
  });

  it("control: the store's reconciliation (lxc-ls, the safety net) does go through the counting runner", async () => {
    spawns.length = 0;
    await asCall("reconcile", () => store.reconcile());
    expect(spawns.filter((s) => s.during === "reconcile").map((s) => s.argv.slice(0, 3))).toContainEqual(["lxc-ls", "-P", lxcpath.path]);
    // And after it the store still holds the same answer.
    expect(store.get(name)).toMatchObject({ state: "RUNNING", pid: initPid });
  });

  it("the answers follow the container: stopped by hand, the list and the page say STOPPED with no address, still without a spawn", async () => {
    lxcpath.lxc("lxc-stop", "-n", name, "-k");
    await within(5000, "STOPPED in the store", () => store.get(name)?.state === "STOPPED");
    spawns.length = 0;
    const list = (await (await asCall("GET /api/containers", () => listRoute(request("/api/containers"), undefined))).json()) as ContainerListResponse;
    expect(list.containers.find((c) => c.name === name)).toMatchObject({ state: "STOPPED", pid: null, ipv4: [] });
    const detail = (await (await asCall("GET /api/containers/NAME", () => detailRoute(request(`/api/containers/${name}`), ctx))).json()) as ContainerDetailResponse;
    expect(detail).toMatchObject({ state: "STOPPED", pid: null, ipv4: [] });
    expect((await asCall("containerSettingsView", () => containerSettingsView(name))).state).toBe("STOPPED");
    await settle();
    expect(spawns.filter((s) => s.during !== null)).toEqual([]);
  });
});
