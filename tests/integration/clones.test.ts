// Clones (lxc-copy) against real LXC through the service the clone dialog uses.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { run } from "./lxc-helpers";
import { addressOf, inside, stateOf, useTestContainers } from "./snapshot-helpers";

const database = useTempDatabase();
const { startClone } = await import("@/server/clones/clone-service");
const { getOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");
const { lxcPath } = await import("@/server/lxc");

const who = { actor: "tester", address: "127.0.0.1" };
const containers = useTestContainers("clone");

afterAll(() => {
  // Snapshot clones first: their source cannot go while they exist.
  containers.made.reverse();
  containers.cleanup();
  database.cleanup();
});

async function cloned(name: string, input: unknown) {
  const r = await startClone(who, name, input);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.fieldErrors)}`);
  return getOperation(r.operationId)!.finished;
}

describe("a clone of a running container", () => {
  const source = containers.create(true);

  it("refuses a taken name and a running source without consent, at their fields", async () => {
    expect(await startClone(who, source, { newName: source, whileRunning: true })).toMatchObject({
      ok: false,
      fieldErrors: { newName: `A container named ${source} already exists.` },
    });
    expect(await startClone(who, source, { newName: "x-not-made" })).toMatchObject({
      ok: false,
      fieldErrors: { whileRunning: expect.stringContaining(`${source} is running`) },
    });
    expect(await startClone(who, source, { newName: "../etc" })).toMatchObject({ ok: false, fieldErrors: { newName: expect.any(String) } });
  });

  it("runs beside its source with its own hostname and address", async () => {
    inside(source, "echo from-the-source > /root/source.txt");
    const copy = containers.name();
    expect(await cloned(source, { newName: copy, whileRunning: true })).toMatchObject({ outcome: "ok", container: copy });
    run("lxc-start", "-n", copy, "-d");
    expect(stateOf(source)).toBe("RUNNING");
    expect(stateOf(copy)).toBe("RUNNING");

    const [a, b] = await Promise.all([addressOf(source), addressOf(copy)]);
    expect(a).not.toBe(b);
    expect(inside(copy, "hostname").trim()).toBe(copy);
    expect(inside(copy, "cat /root/source.txt").trim()).toBe("from-the-source");
    expect(inside(copy, "cat /sys/class/net/eth0/address")).not.toBe(inside(source, "cat /sys/class/net/eth0/address"));

    const row = (await listAudit({ container: copy })).find((r) => r.action === "clone");
    expect(row).toMatchObject({ outcome: "ok", command: `lxc-copy -P ${lxcPath()} -n ${source} -N ${copy} -a` });
  });
});

describe("a snapshot clone of a stopped container", () => {
  it("is copy-on-write over the source's rootfs and starts", async () => {
    const source = containers.create(false);
    const copy = containers.name();
    expect(await cloned(source, { newName: copy, mode: "snapshot" })).toMatchObject({ outcome: "ok" });
    const config = readFileSync(path.join(lxcPath(), copy, "config"), "utf8");
    expect(config).toMatch(new RegExp(`^lxc.rootfs.path = overlay:${lxcPath()}/${source}/rootfs:`, "m"));
    expect(config).toMatch(new RegExp(`^lxc.uts.name = ${copy}$`, "m"));
    run("lxc-start", "-n", copy, "-d");
    expect(stateOf(copy)).toBe("RUNNING");
    run("lxc-stop", "-n", copy, "-k");
  });
});
