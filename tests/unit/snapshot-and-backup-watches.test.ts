// The file watches behind the container page's pushed Snapshots and Backups
// tables, on real directories: a snapshot made, finished or removed under a
// container's snaps/ reaches onSnapshots; an archive renamed into the backup
// directory reaches onChange, a .partial being written does not.
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchLxcpath, type LxcpathWatch } from "@/server/live/lxcpath-watch";
import { watchBackupDir, type BackupDirWatch } from "@/server/backups/backup-dir-watch";

let dir: string;
const closers: Array<{ close(): void }> = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "lxcdash-watch-"));
});
afterEach(async () => {
  closers.splice(0).forEach((c) => c.close());
  await rm(dir, { recursive: true, force: true });
});

/** Calls recorded by name; `next(name)` resolves at the next call for it (or fails after 3 s, with what was seen). */
function recorder() {
  const seen: string[] = [];
  const waiting: Array<{ name: string; resolve: () => void }> = [];
  return {
    seen,
    call(name: string) {
      seen.push(name);
      for (const w of waiting.splice(0)) {
        if (w.name === name) w.resolve();
        else waiting.push(w);
      }
    },
    next(name: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no call for ${name} (seen: ${seen.join(", ") || "none"})`)), 3000);
        waiting.push({ name, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 200));

describe("the lxcpath watch's snapshots", () => {
  it("reports a snapshot made (its ts written last) and removed, for the container it belongs to", async () => {
    await mkdir(path.join(dir, "web"));
    await writeFile(path.join(dir, "web", "config"), "lxc.uts.name = web\n");
    await mkdir(path.join(dir, "db"));
    const snapshots = recorder();
    const watch: LxcpathWatch = watchLxcpath(dir, () => {}, snapshots.call);
    closers.push(watch);
    watch.track(["web", "db"]);

    // The first snapshot makes snaps/ itself.
    let seen = snapshots.next("web");
    await mkdir(path.join(dir, "web", "snaps", "snap0"), { recursive: true });
    await seen;
    await settle();
    // lxc-snapshot writes ts after the copy: that write alone is reported.
    snapshots.seen.length = 0;
    seen = snapshots.next("web");
    await writeFile(path.join(dir, "web", "snaps", "snap0", "ts"), "2026:12:01 18:00:00");
    await seen;

    seen = snapshots.next("web");
    await rm(path.join(dir, "web", "snaps", "snap0"), { recursive: true });
    await seen;
    await settle();
    expect(snapshots.seen.every((n) => n === "web")).toBe(true);
  });

  it("watches the snapshots a container already had when it was tracked", async () => {
    await mkdir(path.join(dir, "old", "snaps", "snap3"), { recursive: true });
    const snapshots = recorder();
    const watch = watchLxcpath(dir, () => {}, snapshots.call);
    closers.push(watch);
    watch.track(["old"]);
    await settle();
    const seen = snapshots.next("old");
    await writeFile(path.join(dir, "old", "snaps", "snap3", "comment"), "before the upgrade");
    await seen;
  });

  it("stops reporting a container once forgotten", async () => {
    await mkdir(path.join(dir, "gone", "snaps"), { recursive: true });
    const snapshots = recorder();
    const watch = watchLxcpath(dir, () => {}, snapshots.call);
    closers.push(watch);
    watch.track(["gone"]);
    watch.forget("gone");
    await mkdir(path.join(dir, "gone", "snaps", "snap0"));
    await settle();
    expect(snapshots.seen).toEqual([]);
  });
});

describe("the backup directory's watch", () => {
  it("reports an archive renamed into place and one deleted, not the .partial being written", async () => {
    const changes = recorder();
    const watch: BackupDirWatch = watchBackupDir(dir, () => changes.call("backups"));
    closers.push(watch);
    const partial = path.join(dir, ".web-20261201.tar.zst.partial");
    await writeFile(partial, "half");
    await writeFile(partial, "half and more");
    await settle();
    expect(changes.seen).toEqual([]);

    let seen = changes.next("backups");
    await rename(partial, path.join(dir, "web-20261201.tar.zst"));
    await seen;
    seen = changes.next("backups");
    await rm(path.join(dir, "web-20261201.tar.zst"));
    await seen;
  });
});
