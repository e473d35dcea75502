import { describe, expect, it } from "vitest";
import { checkAccess, refusalDetail } from "@/server/auth/access-check";
import { accessRequestFromHeaders, type AccessRequest } from "@/server/auth/request-source";
import { allowlist, cookieFor, fakeLookup, tokens } from "./auth-fakes";

const deps = { allowlist, lookupSession: fakeLookup };
const action = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  method: "POST",
  isAction: true,
  host: "localhost:3000",
  origin: "http://localhost:3000",
  cookieHeader: cookieFor(tokens.admin),
  address: "192.168.1.20",
  ...over,
});

describe("the access check", () => {
  it("lets an admin act, with who and from where", async () => {
    expect(await checkAccess(action(), "admin", deps)).toEqual({
      ok: true,
      actor: { id: 1, name: "alice", role: "admin", sessionId: 11, address: "192.168.1.20" },
    });
  });

  it("lets a viewer look but not act", async () => {
    const asViewer = action({ cookieHeader: cookieFor(tokens.viewer) });
    expect((await checkAccess(asViewer, "viewer", deps)).ok).toBe(true);
    expect(await checkAccess(asViewer, "admin", deps)).toMatchObject({
      ok: false,
      status: 403,
      reason: "role-insufficient",
      user: { name: "carol" },
    });
  });

  it.each([
    ["no cookie", { cookieHeader: null }, 401, "no-session"],
    ["a forged cookie", { cookieHeader: cookieFor("F".repeat(43)) }, 401, "session-unknown"],
    ["an expired session", { cookieHeader: cookieFor(tokens.expired) }, 401, "session-expired"],
    ["a disabled user", { cookieHeader: cookieFor(tokens.disabled) }, 403, "user-disabled"],
    ["Host: evil.example", { host: "evil.example", origin: "http://evil.example" }, 403, "host-not-allowed"],
    ["no Host", { host: undefined }, 403, "host-not-allowed"],
    ["x-middleware-subrequest", { middlewareSubrequest: true }, 403, "middleware-subrequest"],
    ["Origin: https://evil.example", { origin: "https://evil.example" }, 403, "origin-foreign"],
    ["Origin: null", { origin: "null" }, 403, "origin-null"],
    ["no Origin", { origin: undefined }, 403, "origin-missing"],
  ] as const)("refuses %s", async (_label, over, status, reason) => {
    expect(await checkAccess(action(over), "viewer", deps)).toMatchObject({ ok: false, status, reason });
  });

  it("checks the request's source before the session (a forged request learns nothing about sessions)", async () => {
    const r = await checkAccess(action({ origin: "https://evil.example", cookieHeader: null }), "admin", deps);
    expect(r).toMatchObject({ reason: "origin-foreign" });
  });

  it("lets a route handler's GET through without Origin", async () => {
    const get = action({ method: "GET", isAction: false, origin: null });
    expect((await checkAccess(get, "viewer", deps)).ok).toBe(true);
  });

  it("reads a request from Fetch headers", () => {
    const headers = new Headers({
      host: "localhost:3000",
      origin: "http://localhost:3000",
      cookie: "lxcd_session=x",
      "x-lxcd-client-address": "10.1.2.3",
      "x-middleware-subrequest": "middleware",
    });
    expect(accessRequestFromHeaders(headers, { method: "DELETE" })).toEqual({
      method: "DELETE",
      isAction: false,
      host: "localhost:3000",
      origin: "http://localhost:3000",
      cookieHeader: "lxcd_session=x",
      address: "10.1.2.3",
      middlewareSubrequest: true,
    });
    expect(accessRequestFromHeaders(new Headers(), { method: "GET" })).toMatchObject({ address: null, middlewareSubrequest: false });
  });

  it("puts the offending Host or Origin in the audit detail", () => {
    expect(refusalDetail("host-not-allowed", { host: "evil.example" })).toBe('host-not-allowed: Host "evil.example"');
    expect(refusalDetail("origin-null", { origin: "null", host: "localhost:3000" })).toBe(
      'origin-null: Origin "null" to Host "localhost:3000"',
    );
  });
});
