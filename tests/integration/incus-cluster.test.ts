import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { makeTestCluster, type TestCluster } from "./incus-cluster-helpers";
import { eventually, uniqueName } from "./incus-helpers";

// An Incus cluster of two members on this machine (each daemon in its own
// network and mount namespace, see incus-cluster-helpers.ts), added to the
// dashboard as a remote over HTTPS with a trust token: its health names both
// members, a container made on a chosen member is listed with it, and one
// stopped is moved to the other member, the list following from the event
// stream. What must be refused is refused at its field.

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { addRemoteIncus, removeHost } = await import("@/server/hosts/add-target");
const { createOnHost } = await import("@/server/hosts/incus-create");
const { performHostAction } = await import("@/server/hosts/incus-actions");
const { moveToMember } = await import("@/server/hosts/move");
const { hostEntry, stopHosts } = await import("@/server/hosts/registry");
const { hostSummaries } = await import("@/server/hosts/hosts-view");

const HOST = uniqueName("cluster");
const NAME = uniqueName("t-cl");
const who = { actor: "ada", address: "127.0.0.1" };
let cluster: TestCluster;

beforeAll(async () => {
  const imageDir = mkdtempSync(path.join(tmpdir(), "lxcd-image-"));
  try {
    execFileSync("scripts/incus-busybox-image.sh", [imageDir], { stdio: "ignore" });
    cluster = await makeTestCluster(imageDir);
  } finally {
    rmSync(imageDir, { recursive: true, force: true });
  }
}, 300_000);

afterAll(async () => {
  stopHosts();
  cluster?.destroy();
  await db().$disconnect();
  temp.cleanup();
}, 120_000);

describe("an Incus cluster of two members", () => {
  it("is added with a trust token, and its health lists both members online", async () => {
    const token = cluster.incus(0, "config", "trust", "add", "dashboard").trim().split("\n").at(-1)!;
    const r = await addRemoteIncus(who, { name: HOST, token });
    expect(r).toEqual({ ok: true, message: `${HOST} added: Incus 6.0.4 at https://${cluster.subnet}.1:8443, a cluster of 2` });
    const summary = (await hostSummaries()).find((h) => h.name === HOST)!;
    expect(summary.health).toMatchObject({
      state: "ok",
      clustered: true,
      members: [
        { name: "m1", status: "Online", url: `https://${cluster.subnet}.1:8443` },
        { name: "m2", status: "Online", url: `https://${cluster.subnet}.2:8443` },
      ],
    });
  });

  it("makes a container on the member asked for, listed with its member", async () => {
    expect(await createOnHost(who, HOST, { name: NAME, image: "busybox", member: "m9" })).toMatchObject({ ok: false, field: "member", error: `${HOST} has no cluster member "m9".` });
    expect(await createOnHost(who, HOST, { name: NAME, image: "busybox", member: "m2" })).toMatchObject({ ok: true });
    const entry = (await hostEntry(HOST))!;
    const row = await eventually(10_000, "the new container with its member", () => entry.store.get(NAME)?.member === "m2" && entry.store.get(NAME));
    expect(row).toMatchObject({ name: NAME, target: HOST, member: "m2", state: "STOPPED" });
    expect(cluster.incus(0, "list", NAME, "--format", "csv", "--columns", "nL").trim()).toBe(`${NAME},m2`);
  });

  it("refuses to move a running container, or to a member that does not exist", async () => {
    expect(await performHostAction(who, HOST, NAME, "start")).toEqual({ ok: true, message: `${NAME} started` });
    const entry = (await hostEntry(HOST))!;
    await eventually(10_000, "RUNNING", () => entry.store.get(NAME)?.state === "RUNNING");
    expect(await moveToMember(who, HOST, NAME, "m1")).toMatchObject({ ok: false, field: "name", error: expect.stringContaining(`Stop ${NAME} first`) });
    expect(await performHostAction(who, HOST, NAME, "kill")).toMatchObject({ ok: true });
    await eventually(10_000, "STOPPED", () => entry.store.get(NAME)?.state === "STOPPED");
    expect(await moveToMember(who, HOST, NAME, "m7")).toMatchObject({ ok: false, field: "member" });
    expect(await moveToMember(who, HOST, NAME, "m2")).toMatchObject({ ok: false, field: "member", error: `${NAME} is on m2 already.` });
  });

  it("moves a stopped container to the other member; the list follows from the event stream", async () => {
    expect(await moveToMember(who, HOST, NAME, "m1")).toEqual({ ok: true, message: `${NAME} moved to m1` });
    const entry = (await hostEntry(HOST))!;
    await eventually(10_000, "the row on m1", () => entry.store.get(NAME)?.member === "m1");
    expect(cluster.incus(1, "list", NAME, "--format", "csv", "--columns", "nL").trim()).toBe(`${NAME},m1`);
    const row = await db().auditEntry.findFirst({ where: { action: "move", container: `${HOST}/${NAME}` } });
    expect(row).toMatchObject({ outcome: "ok", command: `POST /1.0/instances/${NAME}?target=m1 {"name":"${NAME}","migration":true,"live":false}` });
    // It runs where it now is.
    expect(await performHostAction(who, HOST, NAME, "start")).toMatchObject({ ok: true });
    await eventually(10_000, "RUNNING on m1", () => entry.store.get(NAME)?.state === "RUNNING" && entry.store.get(NAME)?.member === "m1");
    expect(await performHostAction(who, HOST, NAME, "destroy")).toMatchObject({ ok: true });
    expect(await removeHost(who, HOST)).toMatchObject({ ok: true, message: `${HOST} removed` });
  });
});
