import { readdirSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";

/**
 * fs.watch (inotify) on the lxcpath and on each container's directory:
 * a directory made or removed by hand (lxc-create, lxc-destroy, rm -r) and a
 * config file written (autostart edited, a create finishing) call `onChange`
 * with the container's name, debounced. A container's `snaps` directory and
 * each snapshot's own directory are watched too: a snapshot made, finished
 * (lxc-snapshot writes its `ts` file last) or removed, by anyone, calls
 * `onSnapshots`. Node's own fs.watch suffices here: the tree is a few levels
 * deep and Linux-only, so chokidar's polling fallbacks, globbing and
 * cross-platform layers would add nothing but weight.
 */
export interface LxcpathWatch {
  /** Watches these containers' directories too (the lxcpath itself is always watched). */
  track(names: readonly string[]): void;
  /** Stops watching a container's directory (it is gone). */
  forget(name: string): void;
  close(): void;
}

const DEBOUNCE_MS = 50;
/** A missing lxcpath (no container made yet) is looked for again this often. */
const RETRY_MS = 10_000;

export function watchLxcpath(lxcpath: string, onChange: (name: string) => void, onSnapshots: (name: string) => void = () => {}): LxcpathWatch {
  let root: FSWatcher | null = null;
  const dirs = new Map<string, FSWatcher>();
  /** Per container: its snaps directory's watch and each snapshot directory's. */
  const snaps = new Map<string, { dir: FSWatcher; each: Map<string, FSWatcher> }>();
  const pending = new Map<string, NodeJS.Timeout>();
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const debounced = (key: string, call: () => void) => {
    clearTimeout(pending.get(key));
    const t = setTimeout(() => {
      pending.delete(key);
      if (!closed) call();
    }, DEBOUNCE_MS);
    t.unref();
    pending.set(key, t);
  };
  const changed = (name: string) => debounced(`c:${name}`, () => onChange(name));
  const snapshotsChanged = (name: string) => debounced(`s:${name}`, () => onSnapshots(name));

  const watchSnapshot = (name: string, snap: string) => {
    const entry = snaps.get(name);
    if (!entry || entry.each.has(snap)) return;
    try {
      const w = watch(path.join(lxcpath, name, "snaps", snap), { persistent: false }, () => snapshotsChanged(name));
      w.on("error", () => unwatchSnapshot(name, snap));
      entry.each.set(snap, w);
    } catch {
      // Removed already (or a plain file): the snaps directory's watch has told us.
    }
  };
  const unwatchSnapshot = (name: string, snap: string) => {
    snaps.get(name)?.each.get(snap)?.close();
    snaps.get(name)?.each.delete(snap);
  };
  const watchSnaps = (name: string) => {
    if (snaps.has(name)) return;
    const dir = path.join(lxcpath, name, "snaps");
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (_event, file) => {
        if (file && !file.includes("/")) {
          // Made (watch it for the files written at its end) or removed (its watch ends with it).
          unwatchSnapshot(name, file);
          watchSnapshot(name, file);
        }
        snapshotsChanged(name);
      });
    } catch {
      return; // No snapshot made yet: the container directory's watch sees snaps appear.
    }
    w.on("error", () => unwatchSnaps(name));
    snaps.set(name, { dir: w, each: new Map() });
    try {
      for (const snap of readdirSync(dir)) watchSnapshot(name, snap);
    } catch {
      // Gone again: its watch reports the error.
    }
  };
  const unwatchSnaps = (name: string) => {
    const entry = snaps.get(name);
    if (!entry) return;
    entry.dir.close();
    entry.each.forEach((w) => w.close());
    snaps.delete(name);
  };

  const watchDir = (name: string) => {
    if (dirs.has(name)) return;
    try {
      const w = watch(path.join(lxcpath, name), { persistent: false }, (_event, file) => {
        if (file === "config" || file === null) changed(name);
        if (file === "snaps") {
          // Made with the first snapshot, or removed by hand.
          unwatchSnaps(name);
          watchSnaps(name);
          snapshotsChanged(name);
        }
      });
      w.on("error", () => unwatchDir(name));
      dirs.set(name, w);
      watchSnaps(name);
    } catch {
      // Gone already: the root watch has told us.
    }
  };
  const unwatchDir = (name: string) => {
    dirs.get(name)?.close();
    dirs.delete(name);
    unwatchSnaps(name);
  };

  const watchRoot = () => {
    if (closed) return;
    try {
      root = watch(lxcpath, { persistent: false }, (_event, file) => {
        if (!file || file.includes("/")) return;
        // A directory just made has no config yet: watch it for the config that comes last.
        watchDir(file);
        changed(file);
      });
      root.on("error", () => {
        root?.close();
        root = null;
        retry = setTimeout(watchRoot, RETRY_MS);
        retry.unref();
      });
    } catch {
      retry = setTimeout(watchRoot, RETRY_MS);
      retry.unref();
    }
  };
  watchRoot();

  return {
    track(names) {
      for (const name of names) watchDir(name);
    },
    forget: unwatchDir,
    close() {
      closed = true;
      clearTimeout(retry);
      root?.close();
      for (const name of [...dirs.keys()]) unwatchDir(name);
      pending.forEach(clearTimeout);
    },
  };
}
