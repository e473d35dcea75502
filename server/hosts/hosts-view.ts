import type { HostSummary, ListHost } from "@/lib/hosts";
import { LOCAL_HOST } from "@/lib/hosts";
import { lxcVersion } from "../host/check-lxc-tools";
import { liveStoreReady } from "../live";
import { lxcPath } from "../lxc";
import { processSingleton } from "../process-singleton";
import { hostEntries, listHostOf, summaryOf } from "./registry";

/** `lxc-ls --version`, read once per process (it does not change under a running dashboard). */
function cachedLxcVersion(): Promise<string | null> {
  return processSingleton("lxc-version", () => lxcVersion().catch(() => null));
}

/** This machine's classic LXC as a host: its lxcpath, LXC version and whether lxc-monitor runs. */
export async function localHostSummary(): Promise<HostSummary> {
  const store = await liveStoreReady();
  const watcher = store.watcherStatus();
  const version = await cachedLxcVersion();
  const containers = store.list().length;
  const unreachable = store.toolsMissing || version === null;
  return {
    name: LOCAL_HOST,
    kind: "lxc",
    transport: "lxcpath",
    address: lxcPath(),
    fingerprint: null,
    project: null,
    addedBy: null,
    health: {
      state: unreachable ? "unreachable" : "ok",
      problem: unreachable ? "the lxc tools are not installed (see Host)" : null,
      version: version ? `LXC ${version}` : null,
      clustered: false,
      members: [],
      stream: { up: watcher.monitorUp, problem: watcher.monitorProblem },
      checkedAt: watcher.reconciledAt,
      containers,
    },
  };
}

/** Every host, this machine's classic LXC first: the Hosts page. */
export async function hostSummaries(): Promise<HostSummary[]> {
  const [local, entries] = await Promise.all([localHostSummary(), hostEntries()]);
  return [local, ...entries.map(summaryOf)];
}

/** The Incus hosts as the list needs them (none: the list looks exactly as it did before hosts). */
export async function listHosts(): Promise<ListHost[]> {
  return (await hostEntries()).map(listHostOf);
}
