import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "selfsigned";
import { useTempDatabase } from "../helpers/temp-database";
import { eventually, INCUS_IMAGE, incus, listenOnHttps, removeInstances, revokeToken, trustedFingerprints, trustToken, uniqueName } from "./incus-helpers";

// A remote Incus target over HTTPS, the way `incus remote add` adds one with
// a trust token: this machine's own daemon on its HTTPS address plays the
// remote. Added (its certificate checked against the token, our client
// certificate trusted), its containers listed; a server presenting another
// certificate refused before anything is sent, its row saying which; one
// not reached says so; nothing else stops working. Every trust entry and
// token the test makes is removed, and core.https_address put back.

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { addRemoteIncus, removeHost } = await import("@/server/hosts/add-target");
const { attachHost, checkHost, hostEntry, stopHosts } = await import("@/server/hosts/registry");
const { hostSummaries } = await import("@/server/hosts/hosts-view");
const { saveTarget } = await import("@/server/hosts/target-store");
const { incusSync } = await import("@/server/incus/rest");
const { certificateFingerprint } = await import("@/server/incus/endpoint");
const { hostContainerProcesses } = await import("@/server/hosts/processes-view");

const PORT = 8443;
const HOST = uniqueName("remote");
const IMPOSTOR = uniqueName("impostor");
const GONE = uniqueName("gone");
const NAME = uniqueName("t-remote");
const clients = { ok: uniqueName("t-client"), impostor: uniqueName("t-client") };
const who = { actor: "ada", address: "127.0.0.1" };
let restoreHttps = () => {};
let impostor: TlsServer;
let impostorPort = 0;
/** Bytes the impostor received after its handshake: must stay none. */
let impostorGot = 0;
let serverFingerprint = "";
/** The daemon's trusted certificates before the test: any other is the test's, removed at the end even after a failure. */
let trustedBefore: string[] = [];

beforeAll(async () => {
  trustedBefore = trustedFingerprints();
  restoreHttps = listenOnHttps(`127.0.0.1:${PORT}`);
  serverFingerprint = certificateFingerprint(JSON.parse(incus("query", "/1.0")).environment.certificate as string);
  // A TLS server with a certificate of its own, where a remote was expected.
  const other = await generate([{ name: "commonName", value: "impostor" }], { keyType: "ec", curve: "P-384", algorithm: "sha384" });
  impostor = createTlsServer({ cert: other.cert, key: other.private }, (socket) => {
    socket.on("data", (d) => (impostorGot += d.length));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
  impostorPort = (impostor.address() as AddressInfo).port;
});

afterAll(async () => {
  stopHosts();
  impostor?.close();
  removeInstances([NAME]);
  for (const c of Object.values(clients)) revokeToken(c);
  for (const fingerprint of trustedFingerprints().filter((f) => !trustedBefore.includes(f))) incus("config", "trust", "remove", fingerprint);
  restoreHttps();
  await db().$disconnect();
  temp.cleanup();
});

describe("a remote Incus host over HTTPS", () => {
  it("refuses a server that presents another certificate than the token's, sending it nothing", async () => {
    const token = trustToken(clients.impostor);
    const r = await addRemoteIncus(who, { name: IMPOSTOR, token, address: `127.0.0.1:${impostorPort}` });
    expect(r).toMatchObject({ ok: false, field: "address" });
    expect(!r.ok && r.error).toContain(`not the ${serverFingerprint} the trust token names; nothing was sent to it`);
    expect(impostorGot).toBe(0);
    expect(await db().hostTarget.count()).toBe(0);
    const row = await db().auditEntry.findFirst({ where: { action: "add host" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ outcome: "failed", command: `POST https://127.0.0.1:${impostorPort}/1.0/certificates {"trust_token":"(the token's secret)"}` });
    revokeToken(clients.impostor);
  });

  it("refuses a token that is not one, at its field", async () => {
    expect(await addRemoteIncus(who, { name: HOST, token: "not a token" })).toMatchObject({ ok: false, field: "token" });
    expect(await addRemoteIncus(who, { name: "local", token: "x" })).toMatchObject({ ok: false, field: "name" });
  });

  it("is added with a trust token: certificate pinned, our client certificate trusted, its containers listed", async () => {
    const before = trustedFingerprints();
    const token = trustToken(clients.ok);
    const r = await addRemoteIncus(who, { name: HOST, token });
    expect(r).toEqual({ ok: true, message: `${HOST} added: Incus 6.0.4 at https://127.0.0.1:${PORT}` });
    const stored = (await db().hostTarget.findUnique({ where: { name: HOST } }))!;
    expect(stored).toMatchObject({ kind: "incus-https", address: `https://127.0.0.1:${PORT}`, serverFingerprint });
    expect(stored.clientKey).toContain("PRIVATE KEY");
    const ours = certificateFingerprint(stored.clientCertificate!);
    expect(trustedFingerprints()).toEqual(expect.arrayContaining([...before, ours]));
    // The token is used up.
    expect(incus("config", "trust", "list-tokens", "--format", "csv")).not.toContain(clients.ok);

    // What the Hosts page gets: health, the pinned fingerprint, never a key.
    const summaries = await hostSummaries();
    const summary = summaries.find((h) => h.name === HOST)!;
    expect(summary).toMatchObject({ kind: "incus", transport: "https", fingerprint: serverFingerprint, health: { state: "ok", version: "Incus 6.0.4" } });
    expect(JSON.stringify(summaries)).not.toContain("PRIVATE KEY");

    // A container made on the server shows in its store, from the event stream over wss.
    incus("init", INCUS_IMAGE, NAME);
    const entry = (await hostEntry(HOST))!;
    const row = await eventually(10_000, "the new container listed", () => entry.store.get(NAME));
    expect(row).toMatchObject({ name: NAME, state: "STOPPED", target: HOST, pid: null });
  });

  it("shows a remote container's processes from ps inside it, saying so", async () => {
    const entry = (await hostEntry(HOST))!;
    incus("start", NAME);
    await eventually(10_000, "RUNNING over wss", () => entry.store.get(NAME)?.state === "RUNNING");
    incus("exec", NAME, "--", "sh", "-c", "sleep 4343 >/dev/null 2>&1 &");
    const view = await hostContainerProcesses(HOST, NAME);
    expect(view).toMatchObject({ running: true, source: "ps-inside", sourceNote: expect.stringContaining(`ps inside the container on ${HOST}`) });
    // The container's own ids (its init is 1), not this machine's.
    expect(view.processes.find((p) => p.pid === 1)).toMatchObject({ user: "root", command: expect.stringMatching(/init/) });
    expect(view.processes.find((p) => p.command === "sleep 4343")).toMatchObject({ user: "root" });
    expect(view.processes.every((p) => p.hostUid === -1)).toBe(true);
    incus("stop", "--force", NAME);
    await eventually(10_000, "STOPPED", () => entry.store.get(NAME)?.state === "STOPPED");
  });

  it("a known host that now presents another certificate: its row says which, nothing is sent, the rest keeps working", async () => {
    const real = (await hostEntry(HOST))!.record;
    if (real.endpoint.kind !== "https") throw new Error("expected https");
    // The same pinned certificate and client key, at an address where another server answers.
    const record = await saveTarget({
      name: IMPOSTOR,
      addedBy: "ada",
      https: { ...real.endpoint, url: `https://127.0.0.1:${impostorPort}`, serverCertificate: real.endpoint.serverCertificate, fingerprint: real.endpoint.fingerprint },
    });
    attachHost(record);
    const checked = (await checkHost(IMPOSTOR))!;
    expect(checked.health.state).toBe("certificate");
    expect(checked.health.problem).toMatch(new RegExp(`^${IMPOSTOR} presented another certificate \\(SHA-256 [0-9a-f]{12}…[0-9a-f]{4}\\) than the one trusted \\(${serverFingerprint.slice(0, 12)}…${serverFingerprint.slice(-4)}\\); nothing was sent to it$`));
    await expect(incusSync(record.endpoint, "GET", "/1.0/instances")).rejects.toMatchObject({ code: "HOST_CERTIFICATE_MISMATCH" });
    expect(impostorGot).toBe(0);

    // One that is not there at all.
    attachHost(await saveTarget({ name: GONE, addedBy: "ada", https: { ...real.endpoint, url: "https://127.0.0.1:1", serverCertificate: real.endpoint.serverCertificate, fingerprint: real.endpoint.fingerprint } }));
    expect((await checkHost(GONE))!.health).toMatchObject({ state: "unreachable", problem: `${GONE} (https://127.0.0.1:1) could not be reached: connection refused (is incusd running and listening there?)` });

    // The others are untouched.
    const summaries = await hostSummaries();
    expect(summaries.map((h) => [h.name, h.health.state])).toEqual(
      expect.arrayContaining([
        ["local", expect.any(String)],
        [HOST, "ok"],
        [IMPOSTOR, "certificate"],
        [GONE, "unreachable"],
      ]),
    );
    expect((await hostEntry(HOST))!.store.get(NAME)).not.toBeNull();
  });

  it("is removed: the server forgets our certificate", async () => {
    const stored = (await db().hostTarget.findUnique({ where: { name: HOST } }))!;
    const ours = certificateFingerprint(stored.clientCertificate!);
    expect(await removeHost(who, HOST)).toEqual({ ok: true, message: `${HOST} removed` });
    expect(trustedFingerprints()).not.toContain(ours);
    // The impostor's and the unreachable one's removal cannot reach a server: said, and removed here anyway.
    const r = await removeHost(who, IMPOSTOR);
    expect(r).toMatchObject({ ok: true, message: expect.stringContaining("could not be told to forget the dashboard's certificate") });
    await removeHost(who, GONE);
    expect(await db().hostTarget.count()).toBe(0);
  });
});
