import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveStateStore, type StoreChange } from "@/server/live";
import { actingAs, onLifecycleNotice, startContainer } from "@/server/lxc";
import { privateLxcpath, within } from "./live-helpers";

/**
 * The live state against real LXC: containers made, started, stopped and
 * destroyed by hand (lxc-* typed in a shell, not through the dashboard) on
 * a private lxcpath reach the store within 1 s; lxc-monitor killed with
 * SIGKILL is started again and a change made meanwhile is still seen.
 */
const lxcpath = privateLxcpath("lxcd-live-");
const store = new LiveStateStore(lxcpath.path);
const changes: StoreChange[] = [];
const name = `t-live-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  // The adapter acts on the private lxcpath too.
  process.env.LXC_LXCPATH = lxcpath.path;
  onLifecycleNotice((n) => store.onLifecycle(n));
  store.subscribe((c) => changes.push(c));
  await store.start();
  await within(10_000, "lxc-monitor up", () => store.watcherStatus().monitorUp);
});

afterAll(() => {
  store.stop();
  lxcpath.remove();
});

describe("live state from lxc-monitor and the lxcpath watch", () => {
  it("sees a container made by hand within 1 s", async () => {
    expect(store.get(name)).toBeNull();
    lxcpath.create(name);
    const ms = await within(1000, "created container in the store", () => store.get(name)?.state === "STOPPED");
    expect(ms).toBeLessThanOrEqual(1000);
    expect(store.get(name)).toMatchObject({ unprivileged: true, autostart: false, pid: null });
  });

  it("sees lxc-start within 1 s, with the init PID, then the DHCP address from /proc", async () => {
    lxcpath.lxc("lxc-start", "-n", name, "-d");
    await within(1000, "RUNNING", () => store.get(name)?.state === "RUNNING");
    await within(1000, "init PID", () => (store.get(name)?.pid ?? null) !== null);
    const pid = Number(lxcpath.lxc("lxc-info", "-n", name, "-pH").trim());
    expect(store.get(name)?.pid).toBe(pid);
    // DHCP takes some seconds on a busybox container; the address shows within 2 s of lxc-info seeing it.
    const deadline = Date.now() + 30_000;
    let seenByLxc = "";
    while (Date.now() < deadline && !seenByLxc) {
      seenByLxc = lxcpath.lxc("lxc-info", "-n", name, "-iH").trim().split("\n").find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? "";
      if (!seenByLxc) await new Promise((r) => setTimeout(r, 200));
    }
    expect(seenByLxc).not.toBe("");
    await within(2000, "the address in the store", () => store.get(name)?.ipv4.includes(seenByLxc) ?? false);
    expect(store.get(name)?.memoryBytes).toBeGreaterThan(0);
  });

  it("marks a start by the dashboard as done by its user", async () => {
    lxcpath.lxc("lxc-stop", "-n", name, "-k");
    await within(1000, "STOPPED", () => store.get(name)?.state === "STOPPED");
    changes.length = 0;
    await actingAs("alice", () => startContainer(name));
    // The store looks at once when our own action ends: no wait for an event.
    await within(300, "RUNNING right after lxc-start returned", () => store.get(name)?.state === "RUNNING");
    const started = changes.find((c) => c.kind === "upsert" && c.row.state === "RUNNING");
    expect(started).toMatchObject({ cause: { by: "dashboard", actor: "alice" } });
  });

  it("marks a change made outside the dashboard as such", async () => {
    changes.length = 0;
    lxcpath.lxc("lxc-stop", "-n", name, "-k");
    await within(1000, "STOPPED", () => store.get(name)?.state === "STOPPED");
    const stop = changes.find((c) => c.kind === "upsert" && c.row.state === "STOPPED");
    expect(stop).toMatchObject({ cause: { by: "outside" } });
    expect(store.get(name)).toMatchObject({ pid: null, ipv4: [], memoryBytes: null });
  });

  it("restarts lxc-monitor killed with SIGKILL, and a change made meanwhile is still seen", async () => {
    const pid = store.monitorPid();
    expect(pid).not.toBeNull();
    const restartsBefore = store.watcherStatus().monitorRestarts;
    process.kill(pid!, "SIGKILL");
    await within(2000, "monitor reported down", () => !store.watcherStatus().monitorUp);
    // While it is down: started from a shell.
    lxcpath.lxc("lxc-start", "-n", name, "-d");
    await within(10_000, "monitor back", () => store.watcherStatus().monitorUp && store.watcherStatus().monitorRestarts > restartsBefore);
    expect(store.monitorPid()).not.toBe(pid);
    await within(5000, "the start made while it was down", () => store.get(name)?.state === "RUNNING");
    // And events flow again.
    lxcpath.lxc("lxc-stop", "-n", name, "-k");
    await within(1000, "STOPPED after the restart", () => store.get(name)?.state === "STOPPED");
  });

  it("sees lxc-destroy within 1 s", async () => {
    lxcpath.lxc("lxc-destroy", "-n", name);
    await within(1000, "gone from the store", () => store.get(name) === null);
    expect(changes.some((c) => c.kind === "remove" && c.name === name)).toBe(true);
  });
});
