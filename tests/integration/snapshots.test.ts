// Snapshots against real LXC and a real SQLite database: through the service
// the browser and the scheduler use (operations with audit rows).
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { inside, stateOf, useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const { startSnapshot, startSnapshotRestore, removeSnapshot } = await import("@/server/snapshots/snapshot-service");
const { snapshotList } = await import("@/server/snapshots/snapshot-list");
const { getOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");
const { lxcPath } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const containers = useTestContainers("snap");

afterAll(() => {
  containers.cleanup();
  database.cleanup();
});

async function finished(r: { ok: boolean; operationId?: string; fieldErrors?: Record<string, string> }) {
  if (!r.ok || !r.operationId) throw new Error(`refused: ${JSON.stringify(r.fieldErrors)}`);
  return getOperation(r.operationId)!.finished;
}

describe("a snapshot of a running container", () => {
  const name = containers.create(true);

  it("is refused at its field until stopping is confirmed", async () => {
    const r = await startSnapshot(who, name, { comment: "before" });
    expect(r).toMatchObject({ ok: false, fieldErrors: { stopFirst: expect.stringContaining(`${name} is running`) } });
    expect((await snapshotList(name)).snapshots).toEqual([]);
  });

  it("brings a deleted file back: write, snapshot, delete, restore", async () => {
    inside(name, "echo kept-by-snapshot > /root/precious.txt");
    const made = await finished(await startSnapshot(who, name, { comment: "before the delete", stopFirst: true }));
    expect(made).toMatchObject({ outcome: "ok", message: expect.stringMatching(/^snap0 of .* made; it is running again$/) });
    expect(stateOf(name)).toBe("RUNNING");

    const list = await snapshotList(name);
    expect(list.snapshots).toEqual([
      expect.objectContaining({ name: "snap0", comment: "before the delete", scheduleId: null, bytes: expect.any(Number) }),
    ]);
    expect(list.snapshots[0]!.bytes).toBeGreaterThan(100_000);
    expect(list.cost).toMatchObject({ store: "dir", copyOnWrite: false, rootfsBytes: expect.any(Number) });

    inside(name, "rm /root/precious.txt");
    expect(inside(name, "ls /root")).not.toContain("precious.txt");

    const refusedRestore = await startSnapshotRestore(who, name, { snapshot: "snap0" });
    expect(refusedRestore).toMatchObject({ ok: false, fieldErrors: { stopFirst: expect.any(String) } });

    const restored = await finished(await startSnapshotRestore(who, name, { snapshot: "snap0", stopFirst: true, startAfter: true }));
    expect(restored).toMatchObject({ outcome: "ok", message: `${name} restored from snap0 and started` });
    expect(stateOf(name)).toBe("RUNNING");
    expect(inside(name, "cat /root/precious.txt").trim()).toBe("kept-by-snapshot");
  });

  it("writes an audit row per operation with the exact commands", async () => {
    const rows = await listAudit({ container: name });
    const snapshotRow = rows.find((r) => r.action === "snapshot" && r.outcome === "ok");
    expect(snapshotRow?.command).toMatch(
      new RegExp(`^lxc-stop -P ${lxcPath()} -n ${name} -t 30 && lxc-snapshot -P ${lxcPath()} -n ${name} -c \\S+ && lxc-start -P ${lxcPath()} -n ${name} -d$`),
    );
    expect(rows.find((r) => r.action === "restore snapshot")).toMatchObject({
      outcome: "ok",
      command: `lxc-stop -P ${lxcPath()} -n ${name} -t 30 && lxc-snapshot -P ${lxcPath()} -n ${name} -r snap0 && lxc-start -P ${lxcPath()} -n ${name} -d`,
    });
  });

  it("restores into a new container while the source keeps running; a taken name is refused at its field", async () => {
    const taken = await startSnapshotRestore(who, name, { snapshot: "snap0", newName: name });
    expect(taken).toMatchObject({ ok: false, fieldErrors: { newName: `A container named ${name} already exists.` } });

    const copy = containers.name();
    const r = await finished(await startSnapshotRestore(who, name, { snapshot: "snap0", newName: copy }));
    expect(r).toMatchObject({ outcome: "ok", container: copy });
    expect(stateOf(name)).toBe("RUNNING");
    expect(existsSync(path.join(lxcPath(), copy, "rootfs", "root", "precious.txt"))).toBe(true);
  });

  it("deletes a snapshot; bad snapshot names are refused", async () => {
    expect(await removeSnapshot(who, name, "../snap0")).toMatchObject({ ok: false, field: "snapshot" });
    expect(await removeSnapshot(who, name, "snap0")).toEqual({ ok: true, message: `snap0 of ${name} deleted` });
    expect((await snapshotList(name)).snapshots).toEqual([]);
    expect(existsSync(path.join(lxcPath(), name, "snaps", "snap0"))).toBe(false);
  });
});

describe("a snapshot of a stopped container", () => {
  it("needs no confirmation and leaves it stopped; a cancelled one leaves nothing", async () => {
    const name = containers.create(false);
    const r = await startSnapshot(who, name, {});
    const op = getOperation((r as { operationId: string }).operationId)!;
    expect(await op.finished).toMatchObject({ outcome: "ok" });
    expect(stateOf(name)).toBe("STOPPED");

    const second = await startSnapshot(who, name, { comment: "never finished" });
    const cancelled = getOperation((second as { operationId: string }).operationId)!;
    cancelled.controller.abort();
    expect(await cancelled.finished).toMatchObject({ outcome: "cancelled" });
    expect((await snapshotList(name)).snapshots.map((s) => s.name)).toEqual(["snap0"]);
  });

  it("refuses a comment with control characters before running anything", async () => {
    const name = containers.create(false);
    const r = await startSnapshot(who, name, { comment: "two\nlines" });
    expect(r).toMatchObject({ ok: false, fieldErrors: { comment: expect.stringContaining("one line") } });
  });
});
