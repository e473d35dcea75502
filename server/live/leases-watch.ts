import { watch, type FSWatcher } from "node:fs";
import path from "node:path";

/**
 * lxc-net's dnsmasq writes its leases file whenever it hands out an address
 * on lxcbr0: a change there means a container may just have got one, so the
 * store looks at /proc at once instead of at its next tick.
 */
export const LXCBR0_LEASES = "/var/lib/misc/dnsmasq.lxcbr0.leases";

export function watchLeases(onChange: () => void, file = LXCBR0_LEASES): () => void {
  let watcher: FSWatcher | null = null;
  try {
    // The directory, not the file: dnsmasq may replace the file.
    watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
      if (name === path.basename(file)) onChange();
    });
    watcher.on("error", () => watcher?.close());
  } catch {
    // No leases directory (no lxc-net on this host): the store's own ticks suffice.
  }
  return () => watcher?.close();
}
