import { describe, expect, it } from "vitest";
import { parseSnapshotList } from "@/server/snapshots/parse-snapshot-list";
import { isCopyOnWrite, parseRootfsPath } from "@/lib/rootfs-store";
import { createSnapshotSchema, scheduleIdOfComment, scheduleTag, snapshotNameSchema } from "@/lib/snapshot-schemas";

describe("parseSnapshotList (lxc-snapshot -L -C)", () => {
  it("reads each header and the comment lines under it", () => {
    const out = [
      "snap0 (/var/lib/lxc/web/snaps) 2026:11:30 22:13:23",
      "before upgrading",
      "snap1 (/var/lib/lxc/web/snaps) 2026:12:01 03:00:00",
      "[schedule 4] nightly",
      "second line",
      "snap2 (/var/lib/lxc/web/snaps) 2026:12:02 03:00:00",
      "",
    ].join("\n");
    expect(parseSnapshotList(out)).toEqual([
      { name: "snap0", dir: "/var/lib/lxc/web/snaps", createdAt: new Date(2026, 10, 30, 22, 13, 23), comment: "before upgrading" },
      { name: "snap1", dir: "/var/lib/lxc/web/snaps", createdAt: new Date(2026, 11, 1, 3, 0, 0), comment: "[schedule 4] nightly second line" },
      { name: "snap2", dir: "/var/lib/lxc/web/snaps", createdAt: new Date(2026, 11, 2, 3, 0, 0), comment: "" },
    ]);
  });

  it("reads 'No snapshots' and nothing as none", () => {
    expect(parseSnapshotList("No snapshots\n")).toEqual([]);
    expect(parseSnapshotList("")).toEqual([]);
  });
});

describe("the rootfs store from lxc.rootfs.path", () => {
  it.each([
    ["dir:/var/lib/lxc/web/rootfs", "dir", "/var/lib/lxc/web/rootfs", false],
    ["/var/lib/lxc/web/rootfs", "dir", "/var/lib/lxc/web/rootfs", false],
    ["btrfs:/var/lib/lxc/web/rootfs", "btrfs", "/var/lib/lxc/web/rootfs", true],
    ["zfs:tank/lxc/web", "zfs", null, true],
    ["lvm:/dev/vg0/web", "lvm", null, true],
    ["overlay:/var/lib/lxc/a/rootfs:/var/lib/lxc/b/overlay/delta", "overlay", null, true],
    ["loop:/var/lib/lxc/web/rootdev", "loop", null, false],
    ["nbd:x", "unknown", null, false],
  ] as const)("%s → %s", (value, store, dir, cow) => {
    expect(parseRootfsPath(value)).toEqual({ store, dir });
    expect(isCopyOnWrite(store)).toBe(cow);
  });
});

describe("snapshot schemas", () => {
  it("accepts only lxc-snapshot's own names", () => {
    for (const ok of ["snap0", "snap12"]) expect(snapshotNameSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["../snap0", "snap", "snap-1", "SNAP0", "snap0/..", "x", "", "snap1234567"]) {
      expect(snapshotNameSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("takes a one-line comment of at most 200 characters", () => {
    expect(createSnapshotSchema.parse({ comment: "  before  " })).toEqual({ comment: "before", stopFirst: false });
    expect(createSnapshotSchema.safeParse({ comment: "a\nb" }).success).toBe(false);
    expect(createSnapshotSchema.safeParse({ comment: "x".repeat(201) }).success).toBe(false);
  });

  it("tags a scheduled snapshot's comment so retention finds its own", () => {
    expect(scheduleIdOfComment(`${scheduleTag(7)} daily`)).toBe(7);
    expect(scheduleIdOfComment("my [schedule 7]")).toBeNull();
  });
});
