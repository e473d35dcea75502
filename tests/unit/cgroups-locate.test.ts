import { describe, expect, it } from "vitest";
import { parseCgroupMounts } from "@/lib/host-cgroups";
import { containerRootPath, locateCgroups, parseProcCgroup } from "@/server/cgroups";

// This host's layout: v1 controllers each in its own hierarchy plus the unified tree (hybrid).
const HYBRID = parseCgroupMounts(
  [
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio",
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
  ].join("\n"),
);
const PURE_V2 = parseCgroupMounts("30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate");

const HYBRID_INIT = [
  "9:name=systemd:/lxc.payload.web",
  "8:pids:/lxc.payload.web",
  "7:blkio:/lxc.payload.web",
  "4:memory:/lxc.payload.web",
  "2:cpuacct:/lxc.payload.web",
  "1:cpu:/lxc.payload.web",
  "0::/lxc.payload.web",
].join("\n");

describe("parseProcCgroup", () => {
  it("reads v1 lines with their controllers and the v2 line without", () => {
    expect(parseProcCgroup("4:memory:/lxc.payload.web\n1:cpu,cpuacct:/a:b\n0::/x\n\nbogus\n")).toEqual([
      { id: 4, controllers: ["memory"], path: "/lxc.payload.web" },
      { id: 1, controllers: ["cpu", "cpuacct"], path: "/a:b" },
      { id: 0, controllers: [], path: "/x" },
    ]);
  });
});

describe("locateCgroups", () => {
  it("on a hybrid host takes every controller from its v1 hierarchy", () => {
    const dirs = locateCgroups(parseProcCgroup(HYBRID_INIT), HYBRID, { container: "web" });
    expect(dirs).toEqual({
      cpu: { ok: true, value: { version: 1, dir: "/sys/fs/cgroup/cpuacct/lxc.payload.web" } },
      memory: { ok: true, value: { version: 1, dir: "/sys/fs/cgroup/memory/lxc.payload.web" } },
      io: { ok: true, value: { version: 1, dir: "/sys/fs/cgroup/blkio/lxc.payload.web" } },
      pids: { ok: true, value: { version: 1, dir: "/sys/fs/cgroup/pids/lxc.payload.web" } },
    });
  });

  it("on a pure v2 host takes the unified directory, cut back from a systemd init's init.scope", () => {
    const dirs = locateCgroups(parseProcCgroup("0::/lxc.payload.web/init.scope\n"), PURE_V2, { container: "web" });
    for (const r of ["cpu", "memory", "io", "pids"] as const) {
      expect(dirs[r]).toEqual({ ok: true, value: { version: 2, dir: "/sys/fs/cgroup/lxc.payload.web" } });
    }
  });

  it("finds a regular user's container below its delegated cgroup (non-root mode)", () => {
    const text = HYBRID_INIT.replaceAll("/lxc.payload.web", "/user/alice/lxc.payload.web");
    const dirs = locateCgroups(parseProcCgroup(text), HYBRID, { container: "web" });
    expect(dirs.memory).toEqual({ ok: true, value: { version: 1, dir: "/sys/fs/cgroup/memory/user/alice/lxc.payload.web" } });
  });

  it("says why when a controller is not mounted or the container has no cgroup of its own", () => {
    const noPids = HYBRID.filter((m) => !m.controllers.includes("pids")).filter((m) => m.version === 1);
    const dirs = locateCgroups(parseProcCgroup(HYBRID_INIT), noPids, { container: "web" });
    expect(dirs.pids).toEqual({ ok: false, reason: expect.stringContaining("pids controller is not mounted") });

    // A user's container started without delegation shares the dashboard's cgroup.
    const shared = parseProcCgroup(HYBRID_INIT.replaceAll("/lxc.payload.web", "/user.slice"));
    const own = parseProcCgroup(HYBRID_INIT.replaceAll("/lxc.payload.web", "/user.slice"));
    expect(locateCgroups(shared, HYBRID, { container: "web", own }).memory).toEqual({
      ok: false,
      reason: expect.stringContaining("no memory cgroup of its own (it runs in the dashboard's own cgroup"),
    });
    const atRoot = parseProcCgroup(HYBRID_INIT.replaceAll("/lxc.payload.web", "/"));
    expect(locateCgroups(atRoot, HYBRID).cpu).toEqual({ ok: false, reason: expect.stringContaining("the whole host's root cgroup") });
  });

  it("maps a path through a hierarchy mounted from a subtree (inside a cgroup namespace)", () => {
    const mounts = parseCgroupMounts("41 31 0:38 /lxc.payload.host /sys/fs/cgroup rw - cgroup2 cgroup2 rw");
    const inside = locateCgroups(parseProcCgroup("0::/lxc.payload.host/lxc.payload.web\n"), mounts, { container: "web" });
    expect(inside.memory).toEqual({ ok: true, value: { version: 2, dir: "/sys/fs/cgroup/lxc.payload.web" } });
    const outside = locateCgroups(parseProcCgroup("0::/elsewhere/lxc.payload.web\n"), mounts, { container: "web" });
    expect(outside.memory.ok).toBe(false);
  });
});

describe("containerRootPath", () => {
  it("cuts at lxc.payload.NAME or the older lxc/NAME, and leaves other paths alone", () => {
    expect(containerRootPath("/lxc.payload.web/system.slice/nginx.service", "web")).toBe("/lxc.payload.web");
    expect(containerRootPath("/lxc/web/init.scope", "web")).toBe("/lxc/web");
    expect(containerRootPath("/lxc.payload.web-2/init.scope", "web")).toBe("/lxc.payload.web-2/init.scope");
    expect(containerRootPath("/lxc.payload.db/init.scope")).toBe("/lxc.payload.db");
    expect(containerRootPath("/custom/place", "web")).toBe("/custom/place");
  });
});
