import { chownSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { privateLxcpath } from "./live-helpers";
import { eventually, incus, instanceNames, removeInstances, uniqueName } from "./incus-helpers";

// "Migrate to Incus" on a classic container: lxc-to-incus's dry run says what
// it will do and changes nothing; a running container is refused; the real
// run moves a stopped one into this machine's Incus, where it starts and has
// its files, owned as they were (root's file is root's, not nobody's); the
// classic container is kept, stopped. One audit row holds the exact commands.

const lxcpath = privateLxcpath("lxcd-migrate-");
process.env.LXC_LXCPATH = lxcpath.path;
const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { addLocalIncus } = await import("@/server/hosts/add-target");
const { previewMigration, startMigration } = await import("@/server/hosts/migrate");
const { performHostAction } = await import("@/server/hosts/incus-actions");
const { hostEntry, stopHosts } = await import("@/server/hosts/registry");
const { runInContainer } = await import("@/server/hosts/exec-output");
const { getOperation } = await import("@/server/containers/operations");
const { liveStoreReady } = await import("@/server/live");

const HOST = uniqueName("incus");
const NAME = uniqueName("t-mig");
const who = { actor: "ada", address: "127.0.0.1" };

beforeAll(async () => {
  lxcpath.create(NAME);
  const marker = path.join(lxcpath.path, NAME, "rootfs", "root", "marker");
  writeFileSync(marker, `made-in-${NAME}\n`);
  // As the container's root would have written it: host uid 100000 (root's subordinate range).
  chownSync(marker, 100000, 100000);
  await liveStoreReady();
  expect(await addLocalIncus(who, { name: HOST })).toMatchObject({ ok: true });
});

afterAll(async () => {
  stopHosts();
  removeInstances([NAME]);
  lxcpath.remove();
  await db().$disconnect();
  temp.cleanup();
});

describe("Migrate to Incus", () => {
  it("refuses a running container: lxc-to-incus moves stopped ones only", async () => {
    lxcpath.lxc("lxc-start", "-n", NAME, "-d");
    const store = await liveStoreReady();
    await eventually(10_000, "RUNNING", () => store.get(NAME)?.state === "RUNNING");
    expect(await startMigration(who, NAME, HOST)).toEqual({ ok: false, error: expect.stringContaining(`Stop ${NAME} first`), fieldErrors: { name: expect.any(String) } });
    lxcpath.lxc("lxc-stop", "-n", NAME, "-k");
    await eventually(10_000, "STOPPED", () => store.get(NAME)?.state === "STOPPED");
  });

  it("shows what lxc-to-incus will do, changing nothing", async () => {
    const preview = await previewMigration(NAME, HOST);
    expect(preview).toMatchObject({ ok: true, runnable: true, problem: null, target: HOST });
    if (!("commands" in preview)) throw new Error("no preview");
    expect(preview.commands[0]).toBe(`env INCUS_SOCKET=/var/lib/incus/unix.socket lxc-to-incus --lxcpath ${lxcpath.path} --containers ${NAME}`);
    expect(preview.commands[1]).toBe(
      `PATCH /1.0/instances/${NAME} {"config":{"volatile.last_state.idmap":"[{\\"Isuid\\":true,\\"Isgid\\":false,\\"Hostid\\":100000,\\"Nsid\\":0,\\"Maprange\\":65536},{\\"Isuid\\":false,\\"Isgid\\":true,\\"Hostid\\":100000,\\"Nsid\\":0,\\"Maprange\\":65536}]"}}`,
    );
    expect(preview.output).toContain("Would create container now");
    expect(preview.request).toMatchObject({ name: NAME, config: { "security.privileged": "false" } });
    expect(instanceNames()).not.toContain(NAME);
  });

  it("moves it: it runs under Incus with its files, owned as before, and the classic one is kept", async () => {
    const started = await startMigration(who, NAME, HOST);
    if (!started.ok) throw new Error(started.error);
    const end = await getOperation(started.operationId)!.finished;
    expect(end).toMatchObject({ outcome: "ok", message: `${NAME} now lives on ${HOST} (Incus); the classic container is kept, stopped` });

    const entry = (await hostEntry(HOST))!;
    await eventually(10_000, "the container under Incus", () => entry.store.get(NAME));
    expect(await performHostAction(who, HOST, NAME, "start")).toMatchObject({ ok: true });
    await eventually(20_000, "RUNNING under Incus", () => entry.store.get(NAME)?.state === "RUNNING");
    const cat = await runInContainer(entry.record.endpoint, `/1.0/instances/${NAME}/exec`, ["cat", "/root/marker"]);
    expect(cat).toMatchObject({ exitCode: 0, stdout: `made-in-${NAME}\n` });
    const owner = await runInContainer(entry.record.endpoint, `/1.0/instances/${NAME}/exec`, ["stat", "-c", "%u:%g", "/root/marker"]);
    expect(owner.stdout.trim()).toBe("0:0");
    expect(incus("list", NAME, "--format", "csv", "--columns", "s").trim()).toBe("RUNNING");

    const classic = (await liveStoreReady()).get(NAME);
    expect(classic).toMatchObject({ state: "STOPPED" });
    const row = await db().auditEntry.findFirst({ where: { action: "migrate to incus", container: NAME } });
    expect(row).toMatchObject({ outcome: "ok", command: expect.stringMatching(/^env INCUS_SOCKET=\S+ lxc-to-incus --lxcpath \S+ --containers \S+; PATCH \/1\.0\/instances\//) });
  });

  it("refuses a second migration: the Incus host has that name now", async () => {
    expect(await previewMigration(NAME, HOST)).toMatchObject({ ok: false, fieldErrors: { name: `${HOST} already has a container named ${NAME}.` } });
  });
});
