import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCgroupMounts } from "@/lib/host-cgroups";
import { essentialVerdict, parseCheckconfig, stripAnsi } from "@/lib/host-checkconfig";
import { essentialProblems, readinessSummary, type ReadinessRow } from "@/lib/host-readiness";
import { nextFreeBlock, parseSubordinateIds, rangeArgument, rangesOf } from "@/lib/host-subordinate-ids";
import { isUserVeth, parseNics, parseUsernet, usernetLine, usernetQuota } from "@/lib/host-usernet";
import { defaultConfFacts, defaultConfProblems, defaultConfSummary } from "@/server/host/default-conf-facts";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

describe("/etc/subuid and /etc/subgid", () => {
  const text = "root:100000:65536\n# a comment\nalice:165536:65536\n1002:231072:65536\nbroken:abc:65536\nzero:300000:0\nextra:1:2:3\n\nalice:400000:1000\n";

  it("reads well-formed lines and skips comments, blanks and malformed ones", () => {
    expect(parseSubordinateIds(text)).toEqual([
      { owner: "root", start: 100000, count: 65536 },
      { owner: "alice", start: 165536, count: 65536 },
      { owner: "1002", start: 231072, count: 65536 },
      { owner: "alice", start: 400000, count: 1000 },
    ]);
  });

  it("finds a user's ranges by name or by uid, in file order", () => {
    const entries = parseSubordinateIds(text);
    expect(rangesOf(entries, { name: "alice", uid: 1001 })).toEqual([
      { start: 165536, count: 65536 },
      { start: 400000, count: 1000 },
    ]);
    expect(rangesOf(entries, { name: "bob", uid: 1002 })).toEqual([{ start: 231072, count: 65536 }]);
    expect(rangesOf(entries, { name: "carol", uid: 1003 })).toEqual([]);
  });

  it("picks the first free 65536-id block above 100000 in both files, skipping gaps too small", () => {
    expect(nextFreeBlock([], [])).toEqual({ start: 100000, count: 65536 });
    const uids = parseSubordinateIds("root:100000:65536\n");
    const gids = parseSubordinateIds("root:100000:65536\nalice:165536:65536\n");
    expect(nextFreeBlock(uids, gids)).toEqual({ start: 231072, count: 65536 });
    // A gap of 1000 ids between two ranges is too small; the block goes after both.
    const gappy = parseSubordinateIds("a:100000:65536\nb:166536:65536\n");
    expect(nextFreeBlock(gappy)).toEqual({ start: 232072, count: 65536 });
    // A gap that fits is used.
    const roomy = parseSubordinateIds("a:300000:65536\n");
    expect(nextFreeBlock(roomy)).toEqual({ start: 100000, count: 65536 });
    expect(rangeArgument({ start: 231072, count: 65536 })).toBe("231072-296607");
  });
});

describe("default.conf", () => {
  const good = [
    "lxc.include = /etc/lxc/common.conf",
    "lxc.net.0.type = veth",
    "lxc.net.0.link = lxcbr0",
    "lxc.net.0.flags = up",
    "lxc.idmap = u 0 165536 65536",
    "lxc.idmap = g 0 165536 65536",
    "",
  ].join("\n");
  const ranges = { uids: [{ start: 165536, count: 65536 }], gids: [{ start: 165536, count: 65536 }] };

  it("reads the network devices and the id maps", () => {
    const facts = defaultConfFacts(good);
    expect(facts.nets).toEqual([{ index: "0", type: "veth", link: "lxcbr0" }]);
    expect(facts.idmap).toEqual([
      { kind: "u", containerId: 0, hostId: 165536, count: 65536 },
      { kind: "g", containerId: 0, hostId: 165536, count: 65536 },
    ]);
    expect(defaultConfSummary(facts)).toBe("veth on lxcbr0, lxc.idmap u 0 165536 65536, g 0 165536 65536");
    expect(defaultConfProblems(facts, ranges, "lxcbr0")).toEqual([]);
  });

  it("names a map outside the user's ranges, a missing map and a missing veth on the bridge", () => {
    const text = "lxc.net.0.type = veth\nlxc.net.0.link = virbr0\nlxc.net.1.type = empty\nlxc.idmap = u 0 100000 65536\n";
    expect(defaultConfProblems(defaultConfFacts(text), ranges, "lxcbr0")).toEqual([
      "lxc.idmap = u 0 100000 65536 is outside the sub-user range",
      "no lxc.idmap = g 0 … line",
      "no veth on lxcbr0",
    ]);
  });

  it("accepts a map inside any of the user's ranges, and refuses one that runs past its end", () => {
    const text = good.replace("u 0 165536 65536", "u 0 400000 1000");
    const two = { ...ranges, uids: [...ranges.uids, { start: 400000, count: 1000 }] };
    expect(defaultConfProblems(defaultConfFacts(text), two, "lxcbr0")).toEqual([]);
    const past = good.replace("u 0 165536 65536", "u 0 165537 65536");
    expect(defaultConfProblems(defaultConfFacts(past), ranges, "lxcbr0")).toEqual(["lxc.idmap = u 0 165537 65536 is outside the sub-user range"]);
  });

  it("an empty file has nothing", () => {
    expect(defaultConfSummary(defaultConfFacts(""))).toBe("no network, no lxc.idmap");
  });
});

describe("lxc-usernet and /run/lxc/nics", () => {
  const text = "# USERNAME TYPE BRIDGE COUNT\nalice veth lxcbr0 10\n@lxcusers veth lxcbr0 2  # the team\nalice veth virbr0 5\nalice macvlan lxcbr0 3\nbob veth lxcbr0 4\nnonsense line\nalice veth lxcbr0 x\n";

  it("reads user and @group lines, without comments", () => {
    expect(parseUsernet(text)).toEqual([
      { owner: "alice", group: false, type: "veth", link: "lxcbr0", count: 10 },
      { owner: "lxcusers", group: true, type: "veth", link: "lxcbr0", count: 2 },
      { owner: "alice", group: false, type: "veth", link: "virbr0", count: 5 },
      { owner: "alice", group: false, type: "macvlan", link: "lxcbr0", count: 3 },
      { owner: "bob", group: false, type: "veth", link: "lxcbr0", count: 4 },
    ]);
  });

  it("adds up the lines for the user and its groups, for one type on one bridge", () => {
    const entries = parseUsernet(text);
    expect(usernetQuota(entries, { name: "alice", groups: ["alice", "lxcusers"] }, "veth", "lxcbr0")).toEqual({
      count: 12,
      lines: ["alice veth lxcbr0 10", "@lxcusers veth lxcbr0 2"],
    });
    expect(usernetQuota(entries, { name: "alice", groups: ["alice"] }, "veth", "lxcbr0").count).toBe(10);
    expect(usernetQuota(entries, { name: "carol", groups: ["carol"] }, "veth", "lxcbr0")).toEqual({ count: 0, lines: [] });
    expect(usernetQuota(parseUsernet(""), { name: "alice", groups: [] }, "veth", "lxcbr0").count).toBe(0);
    expect(usernetLine("alice")).toBe("alice veth lxcbr0 10");
  });

  it("reads lxc-user-nic's records and recognises its veth names", () => {
    expect(parseNics("alice veth lxcbr0 veth1001_U57s\n\nbob veth lxcbr0 veth1002_ab12\n")).toEqual([
      { owner: "alice", type: "veth", link: "lxcbr0", nic: "veth1001_U57s" },
      { owner: "bob", type: "veth", link: "lxcbr0", nic: "veth1002_ab12" },
    ]);
    expect(isUserVeth("veth1001_U57s", 1001)).toBe(true);
    expect(isUserVeth("veth10012_U57s", 1001)).toBe(false);
    expect(isUserVeth("vethEWMrZF", 1001)).toBe(false);
  });
});

describe("lxc-checkconfig", () => {
  it("finds every essential enabled in this host's real output", () => {
    const features = parseCheckconfig(fixture("lxc-checkconfig.txt"));
    expect(features.get("User namespace")).toBe("enabled");
    expect(features.get("Vlan")).toBe("missing");
    expect(essentialVerdict(features)).toEqual({ missing: [], unreported: [] });
  });

  it("strips colour codes and reports missing and unreported essentials", () => {
    const coloured = "--- Namespaces ---\nNamespaces: \u001b[1;32menabled\u001b[0;39m\nUser namespace: \u001b[1;31mmissing\u001b[0;39m\nNetwork namespace: enabled\nCgroups: enabled\nVeth pair device: required\n";
    expect(stripAnsi("\u001b[1;32menabled\u001b[0;39m")).toBe("enabled");
    const verdict = essentialVerdict(parseCheckconfig(coloured));
    expect(verdict.missing).toEqual(["User namespace: missing", "Veth pair device: required"]);
    expect(verdict.unreported).toEqual(["Utsname namespace", "Ipc namespace", "Pid namespace", "Bridges"]);
  });

  it("skips headings, mount point lists and empty values", () => {
    const features = parseCheckconfig("--- Control groups ---\nCgroup v1 mount points: \n - /sys/fs/cgroup/cpu\nCgroups: enabled\n");
    expect([...features.keys()]).toEqual(["Cgroups"]);
  });
});

describe("cgroup mounts", () => {
  it("reads v1 hierarchies with their controllers (named ones too) and the v2 mount", () => {
    const mountinfo = [
      "25 31 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
      "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate",
      "27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd",
      "30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct",
      "31 25 0:28 / /sys/fs/cgroup/my\\040dir rw - cgroup cgroup rw,clone_children,cpuset",
      "32 1 8:1 / / rw,relatime - ext4 /dev/vda rw",
    ].join("\n");
    expect(parseCgroupMounts(mountinfo)).toEqual([
      { mountPoint: "/sys/fs/cgroup/unified", root: "/", version: 2, controllers: [] },
      { mountPoint: "/sys/fs/cgroup/systemd", root: "/", version: 1, controllers: ["name=systemd"] },
      { mountPoint: "/sys/fs/cgroup/cpu,cpuacct", root: "/", version: 1, controllers: ["cpu", "cpuacct"] },
      { mountPoint: "/sys/fs/cgroup/my dir", root: "/", version: 1, controllers: ["cpuset"] },
    ]);
  });
});

describe("readiness summary", () => {
  const row = (id: ReadinessRow["id"], state: ReadinessRow["state"], essential: boolean): ReadinessRow => ({
    id,
    title: id,
    state,
    found: "",
    fix: null,
    essential,
    canApply: false,
  });

  it("is ready while every essential row is ok, whatever the optional ones say", () => {
    const rows = [row("lxc-tools", "ok", true), row("disk", "wrong", false), row("cgroups", "missing", false)];
    expect(readinessSummary({ user: "root", root: true, rows, checkedAt: "x" }).ready).toBe(true);
    const broken = [...rows, row("bridge", "wrong", true), row("usernet", "missing", true)];
    expect(essentialProblems(broken).map((r) => r.id)).toEqual(["bridge", "usernet"]);
    expect(readinessSummary({ user: "root", root: true, rows: broken, checkedAt: "x" })).toEqual({
      ready: false,
      problems: [
        { id: "bridge", title: "bridge", state: "wrong", found: "", fix: null },
        { id: "usernet", title: "usernet", state: "missing", found: "", fix: null },
      ],
      checkedAt: "x",
    });
  });
});
