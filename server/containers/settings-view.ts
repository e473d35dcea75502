import { ContainerNotFound, validContainerName } from "../lxc";
import { readContainerSettings, type ContainerSettings } from "../lxc/container-settings";
import { liveStoreReady } from "../live";

/**
 * The Settings page: the values from the container's config file, its state
 * from the live state in memory (no lxc-info spawned; a write still checks
 * the state with lxc-info under the container's lock).
 */
export async function containerSettingsView(name: string): Promise<ContainerSettings> {
  const n = validContainerName(name);
  const store = await liveStoreReady();
  return readContainerSettings(n, async () => {
    if (!store.get(n)) {
      // Its config is there (read first) but the store has not seen it yet: made a moment ago; look once.
      await store.refresh(n);
    }
    const live = store.get(n);
    if (!live) throw new ContainerNotFound(n);
    return live.state;
  });
}
