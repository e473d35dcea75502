import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HostLimits } from "@/lib/container-settings";
import { diffHunks, diffLines, hasChanges } from "@/lib/line-diff";
import { applyConfigEdits } from "@/server/lxc/config-file";
import { cgroupVersions, describeEdits, settingsEdits, settingsFromConfig } from "@/server/lxc/container-settings";

const CONFIG = readFileSync(path.join(import.meta.dirname, "fixtures", "lxc-config-unpriv.txt"), "utf8");
const limits: HostLimits = {
  memoryBytes: 8 * 1024 ** 3,
  cpus: [0, 1],
  bridges: ["lxcbr0", "br-lan"],
  cgroup: { memory: "v1", cpu: "v1", cpuset: "v1" },
};

// This host's /proc/self/mounts: cgroup v1 controllers and an empty unified hierarchy.
const HYBRID_MOUNTS = [
  "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0",
  "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0",
  "cgroup /sys/fs/cgroup/cpuset cgroup rw,relatime,cpuset 0 0",
  "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
  "cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0",
  "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0",
].join("\n");

describe("cgroup layout", () => {
  it("finds v1 controllers on a hybrid host (this one)", () => {
    expect(cgroupVersions(HYBRID_MOUNTS, "")).toEqual({ memory: "v1", cpu: "v1", cpuset: "v1" });
  });

  it("finds v2 controllers in cgroup.controllers on a unified host, and none that is missing", () => {
    const unified = "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0";
    expect(cgroupVersions(unified, "cpuset cpu io memory pids\n")).toEqual({ memory: "v2", cpu: "v2", cpuset: "v2" });
    expect(cgroupVersions(unified, "cpu pids")).toEqual({ memory: null, cpu: "v2", cpuset: null });
  });

  it("reads combined v1 mounts such as cpu,cpuacct", () => {
    expect(cgroupVersions("cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0", null).cpu).toBe("v1");
  });
});

describe("settings in a config file", () => {
  it("reads the current values (the last line of a key wins)", () => {
    const text = `${CONFIG}lxc.start.auto = 1\nlxc.start.delay = 5\nlxc.cgroup.memory.limit_in_bytes = 256M\nlxc.cgroup.memory.limit_in_bytes = 512M\n`;
    expect(settingsFromConfig(text, limits)).toEqual({
      values: { autostart: true, startDelay: "5", startOrder: "", memoryLimit: "512M", cpuShares: "", cpuSet: "", networkLink: "lxcbr0" },
      networkType: "veth",
    });
  });

  it("edits only the keys that changed, keeping every other line and comment", () => {
    const { values: current } = settingsFromConfig(CONFIG, limits);
    const edits = settingsEdits(current, { ...current, autostart: true, memoryLimit: "512M", networkLink: "br-lan" }, limits);
    expect(edits).toEqual([
      { key: "lxc.start.auto", value: "1" },
      { key: "lxc.cgroup.memory.limit_in_bytes", value: "512M" },
      { key: "lxc.net.0.link", value: "br-lan" },
    ]);
    const after = applyConfigEdits(CONFIG, edits);
    expect(after).toBe(`${CONFIG.replace("lxc.net.0.link = lxcbr0", "lxc.net.0.link = br-lan")}lxc.start.auto = 1\nlxc.cgroup.memory.limit_in_bytes = 512M\n`);
    expect(describeEdits(edits, CONFIG)).toBe(
      "lxc.start.auto: (not set) → 1; lxc.cgroup.memory.limit_in_bytes: (not set) → 512M; lxc.net.0.link: lxcbr0 → br-lan",
    );
  });

  it("replaces a key's first line, drops its repeats, and removes a key set to empty", () => {
    const text = "a = 1\nlxc.start.delay = 3\n# keep me\nlxc.start.delay = 9\nlxc.cgroup.cpu.shares = 512\n";
    expect(
      applyConfigEdits(text, [
        { key: "lxc.start.delay", value: "10" },
        { key: "lxc.cgroup.cpu.shares", value: null },
      ]),
    ).toBe("a = 1\nlxc.start.delay = 10\n# keep me\n");
  });

  it("matches whole keys only (lxc.start.auto is not lxc.start.autox)", () => {
    expect(applyConfigEdits("lxc.start.autox = 1\n", [{ key: "lxc.start.auto", value: "1" }])).toBe("lxc.start.autox = 1\nlxc.start.auto = 1\n");
  });

  it("turns a cleared field into removing its line, and autostart off into = 0", () => {
    const text = "lxc.start.auto = 1\nlxc.cgroup.memory.limit_in_bytes = 512M\n";
    const { values: current } = settingsFromConfig(text, limits);
    const edits = settingsEdits(current, { ...current, autostart: false, memoryLimit: "" }, limits);
    expect(applyConfigEdits(text, edits)).toBe("lxc.start.auto = 0\n");
  });
});

describe("line diff", () => {
  it("marks removed and added lines against the unchanged ones, removals first", () => {
    const diff = diffLines("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(diff).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2 },
      { kind: "added", text: "B", newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
      { kind: "added", text: "d", newLine: 4 },
    ]);
    expect(hasChanges(diff)).toBe(true);
    expect(hasChanges(diffLines("x\n", "x"))).toBe(false);
  });

  it("handles empty texts", () => {
    expect(diffLines("", "a\n")).toEqual([{ kind: "added", text: "a", newLine: 1 }]);
    expect(diffLines("a\n", "")).toEqual([{ kind: "removed", text: "a", oldLine: 1 }]);
    expect(diffLines("", "")).toEqual([]);
  });

  it("shows changes with two lines of context, in separate hunks when far apart", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 3", "line three").replace("line 17", "line seventeen");
    const hunks = diffHunks(diffLines(before, after));
    expect(hunks).toHaveLength(2);
    expect(hunks[0]!.map((l) => l.text)).toEqual(["line 1", "line 2", "line 3", "line three", "line 4", "line 5"]);
    expect(hunks[1]!.map((l) => l.text)).toEqual(["line 15", "line 16", "line 17", "line seventeen", "line 18", "line 19"]);
    expect(diffHunks(diffLines(before, before))).toEqual([]);
  });
});
