import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/server/auth/password-hash";

describe("password hashing (scrypt)", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores its parameters and a fresh salt, never the password", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same password");
  });

  it("treats differently composed Unicode as the same password", async () => {
    const stored = await hashPassword("caf\u00e9-au-lait");
    expect(await verifyPassword("cafe\u0301-au-lait", stored)).toBe(true);
  });

  it.each([
    "",
    "plain",
    "bcrypt$10$abc$def$ghi$jkl",
    "scrypt$32768$8$1$$",
    "scrypt$1099511627776$8$1$c2FsdA$aGFzaA", // N large enough to hang: refused, not computed
    "scrypt$x$8$1$c2FsdA$aGFzaA",
  ])("returns false for a malformed stored hash %j", async (stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });
});
