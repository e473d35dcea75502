import { watch, type FSWatcher } from "node:fs";
import path from "node:path";

/**
 * fs.watch (inotify) on the lxcpath and on each container's directory:
 * a directory made or removed by hand (lxc-create, lxc-destroy, rm -r) and a
 * config file written (autostart edited, a create finishing) call `onChange`
 * with the container's name, debounced. Node's own fs.watch suffices here:
 * the tree is two levels deep and Linux-only, so chokidar's polling
 * fallbacks, globbing and cross-platform layers would add nothing but weight.
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

export function watchLxcpath(lxcpath: string, onChange: (name: string) => void): LxcpathWatch {
  let root: FSWatcher | null = null;
  const dirs = new Map<string, FSWatcher>();
  const pending = new Map<string, NodeJS.Timeout>();
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const changed = (name: string) => {
    clearTimeout(pending.get(name));
    const t = setTimeout(() => {
      pending.delete(name);
      if (!closed) onChange(name);
    }, DEBOUNCE_MS);
    t.unref();
    pending.set(name, t);
  };

  const watchDir = (name: string) => {
    if (dirs.has(name)) return;
    try {
      const w = watch(path.join(lxcpath, name), { persistent: false }, (_event, file) => {
        if (file === "config" || file === null) changed(name);
      });
      w.on("error", () => unwatchDir(name));
      dirs.set(name, w);
    } catch {
      // Gone already: the root watch has told us.
    }
  };
  const unwatchDir = (name: string) => {
    dirs.get(name)?.close();
    dirs.delete(name);
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
