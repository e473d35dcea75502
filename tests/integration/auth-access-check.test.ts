import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { authorize } = await import("@/server/auth/access-check");
const { createUser } = await import("@/server/auth/accounts");
const { login } = await import("@/server/auth/sessions");
const { checkTerminalUpgrade, mintTerminalTicket, TERMINAL_CLOSE } = await import("@/server/auth/terminal-tickets");
const { precheckRequest } = await import("@/server/auth/request-precheck");
const { CLIENT_ADDRESS_HEADER } = await import("@/server/auth/client-address");
const { guarded } = await import("@/server/auth/next");

const PASSWORD = "a long enough password";
let adminCookie = "";
let viewerCookie = "";

beforeAll(async () => {
  for (const [name, role] of [["ada", "admin"], ["vic", "viewer"]] as const) {
    const created = await createUser({ name, password: PASSWORD, role });
    if (!created.ok) throw new Error(created.error);
  }
  const a = await login("ada", PASSWORD, { address: "127.0.0.1" });
  const v = await login("vic", PASSWORD, { address: "127.0.0.1" });
  if (!a.ok || !v.ok) throw new Error("login failed");
  adminCookie = `lxcd_session=${a.token}`;
  viewerCookie = `lxcd_session=${v.token}`;
});
afterAll(async () => {
  await db().$disconnect();
  temp.cleanup();
});

const lastAudit = () => db().auditEntry.findFirst({ orderBy: { id: "desc" } });
const auditCount = () => db().auditEntry.count();
const request = (over: Record<string, unknown> = {}) => ({
  method: "POST",
  isAction: true,
  host: "localhost:3000",
  origin: "http://localhost:3000",
  cookieHeader: adminCookie,
  address: "192.168.50.5",
  ...over,
});

describe("authorize against real sessions", () => {
  it("lets the admin act and writes nothing (the action writes its own row)", async () => {
    const before = await auditCount();
    const r = await authorize(request(), "admin", "start container", { container: "web" });
    expect(r).toMatchObject({ ok: true, actor: { name: "ada", role: "admin", address: "192.168.50.5" } });
    expect(await auditCount()).toBe(before);
  });

  it("refuses a viewer where an admin is needed, audited under the viewer's name with the address", async () => {
    const r = await authorize(request({ cookieHeader: viewerCookie }), "admin", "stop container", { container: "web" });
    expect(r).toMatchObject({ ok: false, status: 403, reason: "role-insufficient" });
    expect(await lastAudit()).toMatchObject({
      actor: "vic",
      address: "192.168.50.5",
      action: "stop container",
      container: "web",
      outcome: "refused",
      detail: "role-insufficient",
    });
    expect((await authorize(request({ cookieHeader: viewerCookie, method: "GET", isAction: false }), "viewer", "list containers")).ok).toBe(true);
  });

  it.each([
    ["no cookie", { cookieHeader: undefined }, 401, "no-session", "no-session"],
    ["a forged cookie", { cookieHeader: `lxcd_session=${"f".repeat(43)}` }, 401, "session-unknown", "session-unknown"],
    ["a foreign Origin", { origin: "https://evil.example" }, 403, "origin-foreign", 'origin-foreign: Origin "https://evil.example" to Host "localhost:3000"'],
    ["Origin: null", { origin: "null" }, 403, "origin-null", 'origin-null: Origin "null" to Host "localhost:3000"'],
    ["Host: evil.example", { host: "evil.example", origin: "http://evil.example" }, 403, "host-not-allowed", 'host-not-allowed: Host "evil.example"'],
    ["x-middleware-subrequest", { middlewareSubrequest: true }, 403, "middleware-subrequest", "middleware-subrequest"],
  ])("refuses %s and audits it with the address", async (_label, over, status, reason, detail) => {
    const r = await authorize(request(over), "admin", "destroy container", { container: "web" });
    expect(r).toMatchObject({ ok: false, status, reason });
    expect(await lastAudit()).toMatchObject({
      actor: "anonymous",
      address: "192.168.50.5",
      action: "destroy container",
      container: "web",
      outcome: "refused",
      detail,
    });
  });

  it("does not audit a page visit without a session (it is sent to the login page)", async () => {
    const before = await auditCount();
    const page = request({ method: "GET", isAction: false, cookieHeader: undefined, origin: undefined });
    expect(await authorize(page, "viewer", "view containers", { quietWhenSignedOut: true })).toMatchObject({ status: 401 });
    expect(await auditCount()).toBe(before);
    const viewerOnAdminPage = request({ method: "GET", isAction: false, cookieHeader: viewerCookie, origin: undefined });
    expect(await authorize(viewerOnAdminPage, "admin", "view users", { quietWhenSignedOut: true })).toMatchObject({ status: 403 });
    expect(await auditCount()).toBe(before + 1);
  });
});

describe("terminal upgrade against real sessions", () => {
  const ada = async () => {
    const r = await authorize(request(), "admin", "mint terminal ticket");
    if (!r.ok) throw new Error(r.reason);
    return r.actor;
  };
  const upgrade = (over: Record<string, unknown> = {}) => ({
    origin: "http://localhost:3000",
    host: "localhost:3000",
    cookieHeader: adminCookie,
    ticket: null as string | null,
    container: "web",
    address: "192.168.50.6",
    ...over,
  });

  it("accepts a fresh ticket once, then refuses it", async () => {
    const { ticket } = mintTerminalTicket(await ada(), "web");
    expect(await checkTerminalUpgrade(upgrade({ ticket }))).toMatchObject({ ok: true, actor: { name: "ada" } });
    expect(await checkTerminalUpgrade(upgrade({ ticket }))).toMatchObject({
      ok: false,
      closeCode: TERMINAL_CLOSE.ticketInvalid,
      reason: "ticket-unknown",
    });
    expect(await lastAudit()).toMatchObject({
      actor: "ada",
      address: "192.168.50.6",
      action: "open terminal",
      container: "web",
      outcome: "refused",
      detail: "ticket-unknown",
    });
  });

  it.each([
    ["a foreign Origin", "admin", { origin: "https://evil.example" }, 4403, "anonymous"],
    ["no session", "nobody", {}, 4401, "anonymous"],
    ["a viewer", "viewer", {}, 4403, "vic"],
    ["a ticket for another container", "admin", { container: "db" }, 4403, "ada"],
  ] as const)("refuses %s, audited", async (_label, who, over, closeCode, actor) => {
    const { ticket } = mintTerminalTicket(await ada(), "web");
    const cookieHeader = { admin: adminCookie, viewer: viewerCookie, nobody: null }[who];
    expect(await checkTerminalUpgrade(upgrade({ ticket, cookieHeader, ...over }))).toMatchObject({ ok: false, closeCode });
    expect(await lastAudit()).toMatchObject({ actor, action: "open terminal", outcome: "refused", address: "192.168.50.6" });
  });
});

describe("the custom server's first screen", () => {
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const refused = await precheckRequest(req);
      if (refused) {
        res.writeHead(refused.status).end(refused.message);
        return;
      }
      res.writeHead(200).end(String(req.headers[CLIENT_ADDRESS_HEADER]));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function get(headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/containers", headers }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on("error", reject);
    });
  }

  it("passes our own host and records the real peer address, not a claimed one", async () => {
    expect(await get({ host: `localhost:${port}`, [CLIENT_ADDRESS_HEADER]: "6.6.6.6" })).toEqual({ status: 200, body: "127.0.0.1" });
  });

  it("answers a DNS-rebinding Host with 403 and an audit row", async () => {
    expect((await get({ host: `evil.example:${port}` })).status).toBe(403);
    expect(await lastAudit()).toMatchObject({
      address: "127.0.0.1",
      action: "GET /containers",
      outcome: "refused",
      detail: `host-not-allowed: Host "evil.example:${port}"`,
    });
  });

  it("refuses x-middleware-subrequest with 403", async () => {
    const r = await get({ host: `localhost:${port}`, "x-middleware-subrequest": "middleware:middleware:middleware" });
    expect(r.status).toBe(403);
    expect(await lastAudit()).toMatchObject({ detail: "middleware-subrequest", address: "127.0.0.1" });
  });

  it("refuses another site's Origin and Origin: null with 403 and an audit row (Next would abort them unaudited)", async () => {
    const host = `localhost:${port}`;
    expect((await get({ host, origin: "https://evil.example" })).status).toBe(403);
    expect(await lastAudit()).toMatchObject({
      address: "127.0.0.1",
      outcome: "refused",
      detail: `origin-foreign: Origin "https://evil.example" to Host "${host}"`,
    });
    expect((await get({ host, origin: "null" })).status).toBe(403);
    expect(await lastAudit()).toMatchObject({ detail: `origin-null: Origin "null" to Host "${host}"` });
  });

  it("lets our own Origin and a missing one through (each access check judges a missing one)", async () => {
    const host = `localhost:${port}`;
    expect((await get({ host, origin: `http://${host}` })).status).toBe(200);
    expect((await get({ host })).status).toBe(200);
  });
});

describe("guarded route handlers", () => {
  const calls: string[] = [];
  const POST = guarded("admin", "start container", async (_req, actor, ctx: { params: Promise<{ name: string }> }) => {
    calls.push(`${actor.name}:${(await ctx.params).name}`);
    return Response.json({ ok: true });
  }, { container: async (ctx) => (await ctx.params).name });
  const ctx = { params: Promise.resolve({ name: "web" }) };
  const req = (headers: Record<string, string>) =>
    new Request("http://localhost:3000/api/containers/web/start", {
      method: "POST",
      headers: { host: "localhost:3000", origin: "http://localhost:3000", [CLIENT_ADDRESS_HEADER]: "192.168.50.7", ...headers },
    });

  it("runs the handler for an admin", async () => {
    const res = await POST(req({ cookie: adminCookie }), ctx);
    expect(res.status).toBe(200);
    expect(calls).toEqual(["ada:web"]);
  });

  it.each([
    ["no cookie", "nobody", {}, 401, "no-session"],
    ["a forged cookie", "forger", {}, 401, "session-unknown"],
    ["a viewer", "viewer", {}, 403, "role-insufficient"],
    ["Origin: https://evil.example", "admin", { origin: "https://evil.example" }, 403, "origin-foreign"],
    ["Origin: null", "admin", { origin: "null" }, 403, "origin-null"],
    ["Host: evil.example", "admin", { host: "evil.example" }, 403, "host-not-allowed"],
  ] as const)("answers %s with a JSON refusal and never runs the handler", async (_label, who, headers, status, reason) => {
    calls.length = 0;
    const cookie = { admin: adminCookie, viewer: viewerCookie, forger: `lxcd_session=${"g".repeat(43)}`, nobody: "" }[who];
    const res = await POST(req({ cookie, ...headers }), ctx);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ reason, error: expect.any(String) });
    expect(calls).toEqual([]);
    expect(await lastAudit()).toMatchObject({ action: "start container", container: "web", address: "192.168.50.7", outcome: "refused" });
  });
});
