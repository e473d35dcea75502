import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { LiveEvent } from "@/lib/live-events";
import { decodeServerFrame, encodeInputFrames, terminalSocketPath } from "@/lib/terminal-protocol";
import { useTempDatabase } from "../helpers/temp-database";
import { bridgePrefix, eventually, INCUS_IMAGE, incus, instanceNames, removeInstances, uniqueName } from "./incus-helpers";

// A real Incus daemon on this machine as a target of the dashboard: added
// through its unix socket, a container made from the locally imported image,
// started and seen RUNNING with its address in the push stream, a shell
// through the terminal server's Incus backend (the exec WebSocket), stopped
// and deleted, every action an audit row with its exact REST call. Then the
// event stream dropped: said, reconnected, resynced.

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { createUser } = await import("@/server/auth/accounts");
const { login } = await import("@/server/auth/sessions");
const { authorize } = await import("@/server/auth/access-check");
const { mintTerminalTicket } = await import("@/server/auth/terminal-tickets");
const { startTerminalService, terminalService } = await import("@/server/terminal");
const { subscribeLive } = await import("@/server/live/live-bus");
const { addLocalIncus, removeHost } = await import("@/server/hosts/add-target");
const { performHostAction } = await import("@/server/hosts/incus-actions");
const { createOnHost } = await import("@/server/hosts/incus-create");
const { hostEntry, stopHosts } = await import("@/server/hosts/registry");
const { hostSummaries } = await import("@/server/hosts/hosts-view");
const { hostContainerProcesses } = await import("@/server/hosts/processes-view");
const { hostSnapshotAction, hostSnapshots } = await import("@/server/hosts/incus-snapshots");

const HOST = uniqueName("incus").toLowerCase();
const NAME = uniqueName("t-incus");
const OTHER = uniqueName("t-incus-out");
const who = { actor: "ada", address: "127.0.0.1" };
const PASSWORD = "a long enough password";
const events: { at: number; event: LiveEvent }[] = [];
let unsubscribe = () => {};
let http: Server;
let origin: string;
let cookie = "";

function rowEvents(name: string) {
  return events.flatMap(({ at, event }) => (event.type === "container" && event.container.target === HOST && event.container.name === name ? [{ at, row: event.container }] : []));
}

beforeAll(async () => {
  unsubscribe = subscribeLive("admin", (event) => events.push({ at: Date.now(), event }));
  const created = await createUser({ name: "ada", password: PASSWORD, role: "admin" });
  if (!created.ok) throw new Error(created.error);
  const session = await login("ada", PASSWORD, { address: "127.0.0.1" });
  if (!session.ok) throw new Error("login failed");
  cookie = `lxcd_session=${session.token}`;
  const terminals = startTerminalService({ lxcpath: "/var/lib/lxc", idleMinutes: 30 });
  http = createServer((_req, res) => res.end());
  http.on("upgrade", (req, socket, head) => {
    if (!terminals.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  unsubscribe();
  await terminalService()?.shutdown();
  await new Promise((resolve) => http?.close(resolve));
  stopHosts();
  removeInstances([NAME, OTHER]);
  await db().$disconnect();
  temp.cleanup();
});

/** A shell through the dashboard's terminal server, as a tab opens it. */
async function openShell(key: string, session?: string) {
  const request = { method: "POST", isAction: true, host: new URL(origin).host, origin, cookieHeader: cookie, address: "127.0.0.1" };
  const result = await authorize(request, "admin", "open terminal", { container: key });
  if (!result.ok) throw new Error(result.reason);
  const ticket = mintTerminalTicket(result.actor, key).ticket;
  const ws = new WebSocket(`${origin.replace("http", "ws")}${terminalSocketPath({ container: key, ticket, session })}`, { headers: { origin, cookie } });
  let output = "";
  let info: { sessionId: string; replayBytes: number } | null = null;
  ws.on("message", (data: Buffer) => {
    const frame = decodeServerFrame(data);
    if (frame.type === "output") output += Buffer.from(frame.data).toString();
    if (frame.type === "session") info = frame.info;
  });
  ws.on("error", () => {});
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  return { ws, output: () => output, info: () => info, closed };
}

describe("a local Incus daemon as a host", () => {
  it("is added through its unix socket and reported healthy", async () => {
    const r = await addLocalIncus(who, { name: HOST });
    expect(r).toEqual({ ok: true, message: expect.stringMatching(new RegExp(`^${HOST} added: Incus 6`)) });
    const summary = await eventually(10_000, "the host's health", async () => (await hostSummaries()).find((h) => h.name === HOST && h.health.state === "ok" && h.health.stream.up));
    expect(summary).toMatchObject({ kind: "incus", transport: "socket", address: "/var/lib/incus/unix.socket", health: { version: expect.stringMatching(/^Incus 6\./), clustered: false } });
    expect((await hostSummaries())[0]).toMatchObject({ name: "local", kind: "lxc" });
  });

  it("creates a container from the local image, starts it and pushes RUNNING with an address within a second", async () => {
    const created = await createOnHost(who, HOST, { name: NAME, image: INCUS_IMAGE, start: false });
    expect(created).toMatchObject({ ok: true });
    await eventually(5000, "the STOPPED row", () => rowEvents(NAME).some((e) => e.row.state === "STOPPED"));

    const started = await performHostAction(who, HOST, NAME, "start");
    expect(started).toEqual({ ok: true, message: `${NAME} started` });
    const returnedAt = Date.now();
    const seen = await eventually(10_000, "RUNNING with an address", () => rowEvents(NAME).find((e) => e.row.state === "RUNNING" && e.row.ipv4.length > 0));
    // The address comes by DHCP a moment after the start returns: the stream carries it within a second.
    console.log(`RUNNING with ${seen.row.ipv4[0]} pushed ${seen.at - returnedAt} ms after the start returned`);
    expect(seen.at - returnedAt).toBeLessThanOrEqual(1000);
    expect(seen.row.ipv4[0]!.startsWith(bridgePrefix())).toBe(true);
    expect(seen.row.pid).toBeGreaterThan(1);
    expect(incus("list", NAME, "--format", "csv", "--columns", "s").trim()).toBe("RUNNING");

    const rows = await db().auditEntry.findMany({ where: { container: `${HOST}/${NAME}` }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome, r.command])).toEqual([
      ["create", "ok", expect.stringMatching(new RegExp(`^POST /1\\.0/instances \\{"name":"${NAME}","type":"container","source":\\{"type":"image","fingerprint":"[0-9a-f]{64}"\\},"start":false\\}$`))],
      ["start", "ok", `PUT /1.0/instances/${NAME}/state {"action":"start"}`],
    ]);
  });

  it("opens a shell in it through the exec WebSocket and runs a command", async () => {
    const key = `${HOST}/${NAME}`;
    const tab = await openShell(key);
    await eventually(20_000, "the prompt", () => /# /.test(tab.output()));
    for (const frame of encodeInputFrames("echo incus-$((6*7)); hostname\r")) tab.ws.send(frame);
    await eventually(10_000, "the command's output", () => tab.output().includes("incus-42") && tab.output().includes(NAME));
    const open = await eventually(5000, "the open row", () => db().auditEntry.findFirst({ where: { action: "terminal open", container: key } }));
    expect(open.command).toBe(
      `POST /1.0/instances/${NAME}/exec {"command":["su","-l"],"environment":{"TERM":"xterm-256color","HOME":"/root","PATH":"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},"interactive":true,"wait-for-websocket":true,"width":80,"height":24}`,
    );
    for (const frame of encodeInputFrames("exit 7\r")) tab.ws.send(frame);
    expect(await tab.closed).toBe(1000);
    const close = await eventually(5000, "the close row", () => db().auditEntry.findFirst({ where: { action: "terminal close", container: key } }));
    expect(close).toMatchObject({ exitCode: 7, detail: expect.stringContaining("The shell exited with status 7.") });
  });

  it("reattaches a dropped tab to the same Incus shell, with its scrollback and its variables", async () => {
    const key = `${HOST}/${NAME}`;
    const first = await openShell(key);
    await eventually(20_000, "the prompt", () => /# /.test(first.output()));
    for (const frame of encodeInputFrames("MARK=kept-$((40+2)); echo before-$((3*3))\r")) first.ws.send(frame);
    await eventually(10_000, "before-9", () => first.output().includes("before-9"));
    const sessionId = (await eventually(5000, "the session info", () => first.info()))!.sessionId;
    first.ws.terminate();
    await first.closed;
    await eventually(5000, "detached", () => terminalService()!.listSessions(key).some((s) => s.id === sessionId && !s.attached));

    const again = await openShell(key, sessionId);
    await eventually(10_000, "the replay", () => again.output().includes("before-9"));
    expect(again.info()).toMatchObject({ sessionId, replayBytes: expect.any(Number) });
    expect(again.info()!.replayBytes).toBeGreaterThan(0);
    for (const frame of encodeInputFrames('echo "mark is $MARK"\r')) again.ws.send(frame);
    await eventually(10_000, "the variable kept", () => again.output().includes("mark is kept-42"));
    for (const frame of encodeInputFrames("exit\r")) again.ws.send(frame);
    expect(await again.closed).toBe(1000);
  });

  it("shows its processes from this machine's /proc by its init PID, with host and container ids", async () => {
    incus("exec", NAME, "--", "sh", "-c", "sleep 4242 >/dev/null 2>&1 &");
    const view = await eventually(10_000, "the sleep in the process view", async () => {
      const v = await hostContainerProcesses(HOST, NAME);
      return v.processes.some((p) => p.command === "sleep 4242") ? v : null;
    });
    expect(view).toMatchObject({ running: true, source: "proc", sourceNote: expect.stringContaining("this machine's /proc") });
    const sleep = view.processes.find((p) => p.command === "sleep 4242")!;
    // The host PID is that process on this machine: its own /proc says so, and its owner is the container's root mapped.
    expect(readFileSync(`/proc/${sleep.hostPid}/cmdline`, "utf8").split("\0").filter(Boolean)).toEqual(["sleep", "4242"]);
    expect(sleep.uid).toBe(0);
    expect(sleep.hostUid).toBe(statSync(`/proc/${sleep.hostPid}`).uid);
    expect(sleep.hostUid).not.toBe(0);
    const initPid = (await hostEntry(HOST))!.store.get(NAME)!.pid;
    expect(view.processes.find((p) => p.hostPid === initPid)).toMatchObject({ pid: 1 });
  });

  it("is frozen and thawed, its row following from the event stream", async () => {
    const entry = (await hostEntry(HOST))!;
    expect(await performHostAction(who, HOST, NAME, "freeze")).toEqual({ ok: true, message: `${NAME} frozen` });
    await eventually(5000, "FROZEN", () => entry.store.get(NAME)?.state === "FROZEN");
    expect(incus("list", NAME, "--format", "csv", "--columns", "s").trim()).toBe("FROZEN");
    expect(await performHostAction(who, HOST, NAME, "unfreeze")).toEqual({ ok: true, message: `${NAME} unfrozen` });
    await eventually(5000, "RUNNING again", () => entry.store.get(NAME)?.state === "RUNNING");
  });

  it("takes, lists, restores and deletes a snapshot over REST, each an audit row", async () => {
    expect(await hostSnapshotAction(who, HOST, NAME, "create", "bad/name")).toMatchObject({ ok: false, field: "snapshot" });
    incus("exec", NAME, "--", "sh", "-c", "echo before > /root/mark");
    expect(await hostSnapshotAction(who, HOST, NAME, "create", "snap0")).toEqual({ ok: true, message: `Snapshot snap0 of ${NAME} taken` });
    expect((await hostSnapshots(HOST, NAME)).map((s) => s.name)).toEqual(["snap0"]);
    expect(incus("query", `/1.0/instances/${NAME}/snapshots`)).toContain(`/1.0/instances/${NAME}/snapshots/snap0`);
    incus("exec", NAME, "--", "sh", "-c", "echo after > /root/mark");
    expect(await hostSnapshotAction(who, HOST, NAME, "restore", "snap0")).toEqual({ ok: true, message: `${NAME} restored from snap0` });
    const entry = (await hostEntry(HOST))!;
    await eventually(10_000, "RUNNING after the restore", () => entry.store.get(NAME)?.state === "RUNNING");
    expect(incus("exec", NAME, "--", "cat", "/root/mark").trim()).toBe("before");
    expect(await hostSnapshotAction(who, HOST, NAME, "delete", "snap0")).toEqual({ ok: true, message: `Snapshot snap0 of ${NAME} deleted` });
    expect(await hostSnapshots(HOST, NAME)).toEqual([]);
    const rows = await db().auditEntry.findMany({ where: { container: `${HOST}/${NAME}`, action: { endsWith: "snapshot" } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome, r.command])).toEqual([
      ["create snapshot", "ok", `POST /1.0/instances/${NAME}/snapshots {"name":"snap0","stateful":false}`],
      ["restore snapshot", "ok", `PUT /1.0/instances/${NAME} {"restore":"snap0"}`],
      ["delete snapshot", "ok", `DELETE /1.0/instances/${NAME}/snapshots/snap0`],
    ]);
  });

  it("stops and deletes it, each an audit row with the exact REST calls", async () => {
    expect(await performHostAction(who, HOST, NAME, "kill")).toEqual({ ok: true, message: `${NAME} killed` });
    await eventually(5000, "STOPPED", () => rowEvents(NAME).at(-1)?.row.state === "STOPPED");
    expect(await performHostAction(who, HOST, NAME, "destroy")).toEqual({ ok: true, message: `${NAME} deleted` });
    await eventually(5000, "the removal", () => events.some(({ event }) => event.type === "container-removed" && event.target === HOST && event.name === NAME));
    expect(instanceNames()).not.toContain(NAME);
    const rows = await db().auditEntry.findMany({ where: { container: `${HOST}/${NAME}`, action: { in: ["kill", "destroy"] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome, r.command])).toEqual([
      ["kill", "ok", `PUT /1.0/instances/${NAME}/state {"action":"stop","force":true}`],
      ["destroy", "ok", `DELETE /1.0/instances/${NAME}`],
    ]);
    // Gone: an action on it says so and changes nothing.
    expect(await performHostAction(who, HOST, NAME, "start")).toEqual({ ok: false, error: `${NAME}: container ${NAME} no longer exists` });
  });

  it("refuses a bad name, a name taken, an unknown image and a member of no cluster at their fields", async () => {
    expect(await createOnHost(who, HOST, { name: "web_1", image: INCUS_IMAGE })).toMatchObject({ ok: false, field: "name" });
    expect(await createOnHost(who, HOST, { name: "1234", image: INCUS_IMAGE })).toMatchObject({ ok: false, field: "name", error: "A name cannot be a number." });
    expect(await createOnHost(who, HOST, { name: OTHER, image: "no-such-image" })).toMatchObject({ ok: false, field: "image", error: `${HOST} has no container image "no-such-image".` });
    expect(await createOnHost(who, HOST, { name: OTHER, image: INCUS_IMAGE, member: "m9" })).toMatchObject({ ok: false, field: "member" });
    expect(instanceNames()).not.toContain(OTHER);
    incus("init", INCUS_IMAGE, OTHER);
    await eventually(5000, "the container made outside", () => rowEvents(OTHER).length > 0);
    expect(rowEvents(OTHER)[0]).toMatchObject({ row: { state: "STOPPED", member: null } });
    expect(await createOnHost(who, HOST, { name: OTHER, image: INCUS_IMAGE })).toMatchObject({ ok: false, field: "name", error: `A container named ${OTHER} already exists on ${HOST}.` });
  });

  it("says when its event stream drops, reconnects, and resyncs what changed meanwhile", async () => {
    const entry = (await hostEntry(HOST))!;
    const mark = events.length;
    entry.store.dropStream();
    // While it is down, a change made outside the dashboard.
    incus("start", OTHER);
    await eventually(5000, "the hosts event saying the stream is down", () =>
      events.slice(mark).some(({ event }) => event.type === "hosts" && event.hosts.some((h) => h.name === HOST && !h.streamUp && /event stream is down/.test(h.problem ?? ""))),
    );
    await eventually(10_000, "the stream back", () => events.slice(mark).some(({ event }) => event.type === "hosts" && event.hosts.some((h) => h.name === HOST && h.streamUp)));
    await eventually(10_000, "OTHER RUNNING after the resync", () => entry.store.get(OTHER)?.state === "RUNNING");
    expect(entry.store.streamStatus()).toMatchObject({ up: true, problem: null });
  });

  it("is removed: its containers leave the list and nothing on the daemon is touched", async () => {
    expect(await removeHost(who, HOST)).toMatchObject({ ok: true });
    expect((await hostSummaries()).map((h) => h.name)).toEqual(["local"]);
    expect(events.some(({ event }) => event.type === "container-removed" && event.target === HOST && event.name === OTHER)).toBe(true);
    expect(instanceNames()).toContain(OTHER);
  });
});
