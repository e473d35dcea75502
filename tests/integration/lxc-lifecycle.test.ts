import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  containerExists,
  ContainerNotFound,
  createContainer,
  destroyContainer,
  freezeContainer,
  getContainer,
  listContainers,
  lxcPath,
  restartContainer,
  setAutostart,
  startContainer,
  stopContainer,
  unfreezeContainer,
  withContainerLock,
  type ContainerSummary,
} from "@/server/lxc";
import { eventually, uniqueName, useAdapterSandbox } from "./lxc-helpers";

// Real LXC on this host's default lxcpath; busybox containers with unique names, removed even on failure.
const { made } = useAdapterSandbox();

function create(name: string, unprivileged: boolean, start = false) {
  made.push(name);
  return createContainer(
    { template: "busybox", name, unprivileged, autostart: false, start },
    { onLine: () => {}, signal: new AbortController().signal },
  );
}

async function row(name: string): Promise<ContainerSummary | undefined> {
  return (await listContainers()).find((c) => c.name === name);
}

/** Uid, effective uid, saved uid, fs uid of a host process. */
async function hostUids(pid: number): Promise<number[]> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return /^Uid:\s+(.*)$/m.exec(status)![1]!.split(/\s+/).map(Number);
}

describe.each([
  { kind: "privileged", unprivileged: false, initUid: 0 },
  { kind: "unprivileged", unprivileged: true, initUid: 100000 },
])("a $kind busybox container, through the adapter", ({ kind, unprivileged, initUid }) => {
  const name = uniqueName(kind.slice(0, 6));

  it("is created, with the exact command", async () => {
    const result = await create(name, unprivileged);
    expect(result.exitCode).toBe(0);
    expect(result.argv.slice(0, 7)).toEqual(["lxc-create", "-P", lxcPath(), "-n", name, "-t", "busybox"]);
    expect(result.argv.includes("-f")).toBe(unprivileged);
    expect(await row(name)).toMatchObject({ state: "STOPPED", pid: null, unprivileged, ipv4: [], autostart: false });
  });

  it("starts and gets an IPv4 address from lxcbr0", async () => {
    await startContainer(name);
    const r = await eventually(async () => {
      const c = await row(name);
      return c && c.ipv4.length > 0 ? c : undefined;
    }, 20_000, `an address for ${name}`);
    expect(r.state).toBe("RUNNING");
    expect(r.ipv4[0]).toMatch(/^10\.0\.3\.\d+$/);
    expect(r.pid).toBeGreaterThan(1);
  });

  it(`runs its init on the host as uid ${initUid}`, async () => {
    const { pid } = (await row(name))!;
    expect(await hostUids(pid!)).toEqual([initUid, initUid, initUid, initUid]);
  });

  it("shows its details: idmap, rootfs and its size, config", async () => {
    const d = await getContainer(name);
    expect(d).toMatchObject({ name, state: "RUNNING", unprivileged, autostart: false, configPath: path.join(lxcPath(), name, "config") });
    expect(d.idmap).toEqual(
      unprivileged
        ? [
            { kind: "u", containerId: 0, hostId: 100000, count: 65536 },
            { kind: "g", containerId: 0, hostId: 100000, count: 65536 },
          ]
        : [],
    );
    expect(d.rootfsPath).toBe(path.join(lxcPath(), name, "rootfs"));
    expect(d.rootfsBytes).toBeGreaterThan(0);
    expect(d.ipv4.length).toBeGreaterThan(0);
    expect(d.configText).toContain(`lxc.rootfs.path = dir:${d.rootfsPath}`);
  });

  it("freezes and unfreezes", async () => {
    await freezeContainer(name);
    expect((await row(name))?.state).toBe("FROZEN");
    await unfreezeContainer(name);
    expect((await row(name))?.state).toBe("RUNNING");
  });

  it("restarts with a new init", async () => {
    const before = (await row(name))!.pid;
    await restartContainer(name);
    const after = await eventually(async () => {
      const c = await row(name);
      return c?.state === "RUNNING" && c.pid !== null && c.pid !== before ? c : undefined;
    }, 20_000, `${name} back up`);
    expect(after.pid).not.toBe(before);
  });

  it("stops cleanly", async () => {
    const r = await stopContainer(name, { timeoutSeconds: 30 });
    expect(r.argv).toContain("-t");
    expect(await row(name)).toMatchObject({ state: "STOPPED", pid: null, ipv4: [] });
  });

  it("turns autostart on and off in its config", async () => {
    await setAutostart(name, true);
    expect((await row(name))?.autostart).toBe(true);
    await setAutostart(name, false);
    expect((await row(name))?.autostart).toBe(false);
  });

  it("is destroyed", async () => {
    await destroyContainer(name);
    expect(await containerExists(name)).toBe(false);
    expect(await row(name)).toBeUndefined();
  });
});

describe("force stop", () => {
  it("kills a running container at once", async () => {
    const name = uniqueName("kill");
    await create(name, true, true);
    expect((await row(name))?.state).toBe("RUNNING");
    const r = await stopContainer(name, { force: true });
    expect(r.argv).toContain("-k");
    expect((await row(name))?.state).toBe("STOPPED");
    await destroyContainer(name);
  });
});

describe("a container that vanished behind the dashboard's back", () => {
  it("gives 'container X no longer exists' for every action and the detail page", async () => {
    const name = uniqueName("gone");
    await create(name, false);
    execFileSync("lxc-destroy", ["-n", name]);
    const expected = `container ${name} no longer exists`;
    for (const action of [
      () => startContainer(name),
      () => stopContainer(name),
      () => stopContainer(name, { force: true }),
      () => restartContainer(name),
      () => freezeContainer(name),
      () => unfreezeContainer(name),
      () => destroyContainer(name),
      () => setAutostart(name, true),
      () => getContainer(name),
    ]) {
      const e = await action().catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ContainerNotFound);
      expect((e as Error).message).toBe(expected);
    }
    expect(await containerExists(name)).toBe(false);
  });
});

describe("two actions racing on one container", () => {
  it("run one after the other: start, then destroy (which stops it first)", async () => {
    const name = uniqueName("race");
    await create(name, true);
    const events: string[] = [];
    const act = (label: string, run: () => Promise<unknown>) =>
      withContainerLock(name, label, async () => {
        events.push(`${label} begins`);
        await run();
        events.push(`${label} ends`);
      });
    await Promise.all([act("start", () => startContainer(name)), act("destroy", () => destroyContainer(name))]);
    expect(events).toEqual(["start begins", "start ends", "destroy begins", "destroy ends"]);
    expect(await containerExists(name)).toBe(false);
  });

  it("also when the actions are called directly", async () => {
    const name = uniqueName("race2");
    await create(name, false);
    const [started, destroyed] = await Promise.allSettled([startContainer(name), destroyContainer(name)]);
    expect(started.status).toBe("fulfilled");
    expect(destroyed.status).toBe("fulfilled");
    expect(await containerExists(name)).toBe(false);
  });
});
