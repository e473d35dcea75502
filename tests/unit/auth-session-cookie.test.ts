import { describe, expect, it } from "vitest";
import {
  clearedSessionCookie,
  serializeCookie,
  SESSION_COOKIE,
  sessionCookie,
  sessionTokenFromCookieHeader,
} from "@/server/auth/session-cookie";
import { hashToken, isWellFormedToken, newSessionToken } from "@/server/auth/session-token";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Strict, Path=/ and not Secure over http", () => {
    const c = sessionCookie("tok", { https: false, maxAgeSeconds: 3600 });
    expect(c).toEqual({
      name: SESSION_COOKIE,
      value: "tok",
      options: { httpOnly: true, sameSite: "strict", path: "/", secure: false, maxAge: 3600 },
    });
    expect(serializeCookie(c)).toBe("lxcd_session=tok; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict");
  });

  it("is Secure when served over https", () => {
    const c = sessionCookie("tok", { https: true, maxAgeSeconds: 60 });
    expect(c.options.secure).toBe(true);
    expect(serializeCookie(c)).toMatch(/; Secure$/);
  });

  it("clears with an empty value and Max-Age=0", () => {
    expect(serializeCookie(clearedSessionCookie({ https: false }))).toBe(
      "lxcd_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
    );
  });

  it("reads the token from a Cookie header among others", () => {
    expect(sessionTokenFromCookieHeader("a=1; lxcd_session=abc; b=2")).toBe("abc");
    expect(sessionTokenFromCookieHeader("lxcd_session_x=abc")).toBeNull();
    expect(sessionTokenFromCookieHeader("")).toBeNull();
    expect(sessionTokenFromCookieHeader(undefined)).toBeNull();
    expect(sessionTokenFromCookieHeader("lxcd_session=")).toBeNull();
  });

  it("trusts no token when the cookie appears twice (a planted duplicate)", () => {
    expect(sessionTokenFromCookieHeader("lxcd_session=mine; lxcd_session=planted")).toBeNull();
  });
});

describe("session token", () => {
  it("is 32 random bytes in base64url, stored only as its SHA-256", () => {
    const t = newSessionToken();
    expect(isWellFormedToken(t)).toBe(true);
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
    expect(newSessionToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
  });

  it.each(["", "short", "x".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`])("rejects the shape %j", (t) => {
    expect(isWellFormedToken(t)).toBe(false);
  });
});
