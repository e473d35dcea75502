import { describe, expect, it, vi } from "vitest";
import { ensureUnprivilegedConfig, findSubordinateRange, HostSetupMissing, unprivilegedConfigText } from "@/server/lxc";

// A user no host gives subordinate ids to.
vi.mock("node:os", async (importOriginal) => {
  const os = await importOriginal<typeof import("node:os")>();
  return { ...os, userInfo: () => ({ ...os.userInfo(), username: "lxc-test-no-range", uid: 54321 }) };
});

const root = { name: "root", uid: 0 };

describe("findSubordinateRange", () => {
  it("takes the user's first range, by name or by uid", () => {
    const text = "alice:165536:65536\nroot:100000:65536\nroot:300000:65536\n";
    expect(findSubordinateRange(text, root)).toEqual({ start: 100000, count: 65536 });
    expect(findSubordinateRange("1000:200000:65536\n", { name: "bob", uid: 1000 })).toEqual({ start: 200000, count: 65536 });
  });

  it("gives null for no range or a malformed line", () => {
    expect(findSubordinateRange("alice:165536:65536\n", root)).toBeNull();
    expect(findSubordinateRange("root:abc:65536\nroot:100000:0\n", root)).toBeNull();
    expect(findSubordinateRange("", root)).toBeNull();
  });
});

describe("unprivilegedConfigText", () => {
  it("gives veth on lxcbr0 and the idmap, at most 65536 ids", () => {
    const text = unprivilegedConfigText({ start: 100000, count: 65536 }, { start: 200000, count: 1_000_000 });
    expect(text.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
      "lxc.net.0.type = veth",
      "lxc.net.0.link = lxcbr0",
      "lxc.net.0.flags = up",
      "lxc.idmap = u 0 100000 65536",
      "lxc.idmap = g 0 200000 65536",
    ]);
  });
});

describe("ensureUnprivilegedConfig", () => {
  it("says what is missing and the command that fixes it when the user has no range", async () => {
    const e = await ensureUnprivilegedConfig().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HostSetupMissing);
    expect(e).toMatchObject({ fix: "usermod --add-subuids 100000-165535 --add-subgids 100000-165535 lxc-test-no-range" });
    expect((e as Error).message).toBe(
      "user lxc-test-no-range has no subordinate uid range in /etc/subuid, which unprivileged containers need; fix it with: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 lxc-test-no-range",
    );
  });
});
