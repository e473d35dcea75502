// A container page's Snapshots, Backups, schedule and Services tables follow
// the push stream's "data" events instead of polling: each event marks just
// the views of what changed as stale, and a resync (snapshot) marks them all.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyLiveEvent } from "@/components/live/live-cache";
import { queryKeys } from "@/lib/query-keys";

function cacheWithEveryView(): QueryClient {
  const client = new QueryClient();
  for (const key of [
    queryKeys.snapshots("a"),
    queryKeys.snapshots("b"),
    queryKeys.schedules("a"),
    queryKeys.schedules("b"),
    queryKeys.backups("a"),
    queryKeys.backups(null),
    queryKeys.forwards(),
    queryKeys.containerServices("a"),
    queryKeys.container("a"),
  ]) {
    client.setQueryData(key, { any: "data" });
  }
  return client;
}

/** The keys of the queries now stale, as strings, sorted. */
function stale(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.isStale() && q.state.isInvalidated)
    .map((q) => q.queryKey.join("/"))
    .sort();
}

describe("applyLiveEvent: data", () => {
  it("snapshots of one container mark only that container's snapshots", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, { type: "data", what: "snapshots", container: "a" });
    expect(stale(client)).toEqual(["containers/snapshots/a"]);
  });

  it("schedules of one container mark only its schedules; of none, every container's", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, { type: "data", what: "schedules", container: "b" });
    expect(stale(client)).toEqual(["containers/schedules/b"]);
    applyLiveEvent(client, { type: "data", what: "schedules", container: null });
    expect(stale(client)).toEqual(["containers/schedules/a", "containers/schedules/b"]);
  });

  it("backups mark every backup list (the page's and each container tab's)", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, { type: "data", what: "backups", container: null });
    expect(stale(client)).toEqual(["containers/backups/*", "containers/backups/a"]);
  });

  it("forwards mark the Ports page and the Services tables (their Expose column)", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, { type: "data", what: "forwards", container: null });
    expect(stale(client)).toEqual(["containers/services/a", "forwards"]);
  });

  it("a rootfs size measured marks that container's page only", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, { type: "data", what: "size", container: "a" });
    expect(stale(client)).toEqual(["containers/detail/a"]);
  });

  it("services found anew mark the Services tables", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, { type: "services", services: {}, version: 1 });
    expect(stale(client)).toEqual(["containers/services/a"]);
  });

  it("a resync after a dropped stream marks every one of them, but not the container's detail (the snapshot replaces it)", () => {
    const client = cacheWithEveryView();
    applyLiveEvent(client, {
      type: "snapshot",
      containers: [],
      busy: {},
      watcher: { lxcpath: "/x", monitorUp: true, monitorProblem: null, reconciledAt: null, monitorRestarts: 0 },
      readiness: null,
      unreadAlerts: null,
      services: {},
      servicesVersion: 1,
    });
    const marked = stale(client);
    for (const key of [
      "containers/snapshots/a",
      "containers/snapshots/b",
      "containers/schedules/a",
      "containers/backups/*",
      "containers/backups/a",
      "forwards",
      "containers/services/a",
    ]) {
      expect(marked).toContain(key);
    }
    expect(marked).not.toContain("containers/detail/a");
  });
});
