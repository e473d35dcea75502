import type { QueryClient } from "@tanstack/react-query";
import type { ContainerDetailResponse, ContainerListResponse } from "@/lib/api-types";
import type { ContainerSummary } from "@/lib/container-types";
import type { ContainerData, LiveEvent, LiveWatcherStatus } from "@/lib/live-events";
import { containerKey } from "@/lib/hosts";
import { appendSparklines, SPARKLINE_SECONDS, type OverviewResponse, type SparklinesResponse } from "@/lib/metrics";
import { queryKeys } from "@/lib/query-keys";

/**
 * Applies one pushed event to the tab's TanStack Query cache: the list, every
 * container page and its header badge, the readiness dot, the bell and the
 * terminal sessions read from there, so they change in place.
 */
export function applyLiveEvent(client: QueryClient, event: LiveEvent): void {
  switch (event.type) {
    case "snapshot": {
      const previous = client.getQueryData<ContainerListResponse>(queryKeys.containerList());
      const { hosts: _before, ...kept } = previous ?? {};
      client.setQueryData<ContainerListResponse>(queryKeys.containerList(), {
        toolsMissing: false,
        ...kept,
        containers: event.containers,
        busy: event.busy,
        ...(event.hosts ? { hosts: event.hosts } : {}),
        ...newerServices(previous, event.services, event.servicesVersion),
      });
      // Detail queries are classic containers' (Incus ones have their own, under ["hosts"]).
      const byName = new Map(event.containers.filter((c) => !c.target).map((c) => [c.name, c]));
      for (const [key, detail] of client.getQueriesData<ContainerDetailResponse | null>({ queryKey: ["containers", "detail"] })) {
        const name = key[2] as string;
        const row = byName.get(name);
        if (detail && row) client.setQueryData(key, { ...detail, ...row, busy: event.busy[name] ?? null });
        else if (detail && !row) client.setQueryData(key, null);
        else if (!detail && row) void client.invalidateQueries({ queryKey: key });
      }
      client.setQueryData<LiveWatcherStatus>(queryKeys.liveWatcher(), event.watcher);
      if (event.readiness) client.setQueryData(queryKeys.hostReadiness(), event.readiness);
      // The bell's list may have grown while the stream was down.
      void client.invalidateQueries({ queryKey: queryKeys.alerts() });
      // Terminal sessions and activity may have changed while the stream was down.
      void client.invalidateQueries({ queryKey: ["containers", "terminal-sessions"] });
      void client.invalidateQueries({ queryKey: queryKeys.activity() });
      // Incus containers' pages and the Hosts page may have missed changes too.
      void client.invalidateQueries({ queryKey: queryKeys.hosts() });
      // Sampling rounds pushed while the stream was down are missing from the sparklines.
      void client.invalidateQueries({ queryKey: queryKeys.metricsSparklines() });
      // Snapshots, backups, schedules, forwards and services may have changed too.
      for (const what of CONTAINER_DATA) invalidateData(client, what, null);
      void client.invalidateQueries({ queryKey: ["containers", "services"] });
      return;
    }
    case "container":
      return upsertContainer(client, event.container);
    case "container-removed": {
      const gone = containerKey({ name: event.name, target: event.target });
      updateList(client, (list) => ({ ...list, containers: list.containers.filter((c) => containerKey(c) !== gone) }));
      if (event.target) return void client.invalidateQueries({ queryKey: queryKeys.hostContainer(event.target, event.name) });
      if (client.getQueryData(queryKeys.container(event.name))) client.setQueryData(queryKeys.container(event.name), null);
      return;
    }
    case "busy": {
      updateList(client, (list) => ({ ...list, busy: event.busy }));
      for (const [key, detail] of client.getQueriesData<ContainerDetailResponse | null>({ queryKey: ["containers", "detail"] })) {
        if (detail) client.setQueryData(key, { ...detail, busy: event.busy[key[2] as string] ?? null });
      }
      return;
    }
    case "services":
      updateList(client, (list) => ({ ...list, ...newerServices(list, event.services, event.version) }));
      // The container pages' Services tables read the same finding, with more columns.
      return void client.invalidateQueries({ queryKey: ["containers", "services"] });
    case "data":
      return invalidateData(client, event.what, event.container);
    case "watcher":
      return void client.setQueryData(queryKeys.liveWatcher(), event.watcher);
    case "host-readiness":
      return void client.setQueryData(queryKeys.hostReadiness(), event.readiness);
    case "terminal-sessions":
      return void client.invalidateQueries({ queryKey: queryKeys.terminalSessions(event.container) });
    case "activity":
      return void client.invalidateQueries({ queryKey: queryKeys.activity() });
    case "alert":
      return void client.invalidateQueries({ queryKey: queryKeys.alerts() });
    case "metrics":
      return applyMetrics(client, event);
    case "hosts":
      updateList(client, (list) => ({ ...list, hosts: event.hosts }));
      return void client.invalidateQueries({ queryKey: queryKeys.hosts() });
  }
}

// A resync replaces the detail queries' live fields itself; a size pushed meanwhile comes with the page's next answer.
const CONTAINER_DATA: readonly ContainerData[] = ["snapshots", "backups", "schedules", "forwards"];

/**
 * The views of `what` ask again (only those on screen fetch; others are
 * marked stale): one container's, or every container's when null.
 */
function invalidateData(client: QueryClient, what: ContainerData, container: string | null): void {
  switch (what) {
    case "snapshots":
      return void client.invalidateQueries({ queryKey: container ? queryKeys.snapshots(container) : ["containers", "snapshots"] });
    case "schedules":
      return void client.invalidateQueries({ queryKey: container ? queryKeys.schedules(container) : ["containers", "schedules"] });
    case "backups":
      // Every list: the Backups page's and each container's tab (a backup's container is in its name, not the event).
      return void client.invalidateQueries({ queryKey: ["containers", "backups"] });
    case "size":
      // The container page's rootfs size, measured in the background.
      return void client.invalidateQueries({ queryKey: container ? queryKeys.container(container) : ["containers", "detail"] });
    case "forwards":
      // The Ports page, and the Services tables' Expose column.
      void client.invalidateQueries({ queryKey: queryKeys.forwards() });
      return void client.invalidateQueries({ queryKey: ["containers", "services"] });
  }
}

/**
 * A sampling round: the sparklines and the Overview's "now" take the pushed
 * values in place (no request from any tab); the 15 min and 1 h charts on
 * screen ask for their new points.
 */
function applyMetrics(client: QueryClient, event: Extract<LiveEvent, { type: "metrics" }>): void {
  const sparklines = client.getQueryData<SparklinesResponse>(queryKeys.metricsSparklines());
  if (sparklines) client.setQueryData(queryKeys.metricsSparklines(), appendSparklines(sparklines, event.t, event.latest, SPARKLINE_SECONDS));
  const overview = client.getQueryData<OverviewResponse>(queryKeys.metricsOverview());
  if (overview) {
    const now = Object.entries(event.latest).map(([name, s]) => ({ name, cpu: s.cpu, mem: s.mem, net: s.net }));
    client.setQueryData<OverviewResponse>(queryKeys.metricsOverview(), { ...overview, now, sampledAt: event.at });
  }
  void client.invalidateQueries({ predicate: (q) => isShortRangeSeries(q.queryKey) });
}

/** The charts a new sample changes: the 15 min and 1 h ranges. */
function isShortRangeSeries(key: readonly unknown[]): boolean {
  return key[0] === "metrics" && key[1] === "series" && (key[3] === "15m" || key[3] === "1h");
}

/**
 * The services of whichever reading is newer: the list's answer and the
 * pushes travel separately, and an answer computed before a push may arrive
 * after it.
 */
export function newerServices(
  list: Pick<ContainerListResponse, "services" | "servicesVersion"> | undefined,
  services: ContainerListResponse["services"],
  version: number,
): Pick<ContainerListResponse, "services" | "servicesVersion"> {
  return list && list.servicesVersion > version ? { services: list.services, servicesVersion: list.servicesVersion } : { services, servicesVersion: version };
}

function updateList(client: QueryClient, update: (list: ContainerListResponse) => ContainerListResponse): void {
  const list = client.getQueryData<ContainerListResponse>(queryKeys.containerList());
  if (list) client.setQueryData(queryKeys.containerList(), update(list));
}

function upsertContainer(client: QueryClient, row: ContainerSummary): void {
  const key = containerKey(row);
  updateList(client, (list) => {
    const i = list.containers.findIndex((c) => containerKey(c) === key);
    const containers = i < 0 ? [...list.containers, row] : list.containers.map((c, j) => (j === i ? row : c));
    return { ...list, containers };
  });
  if (row.target) {
    const hostKey = queryKeys.hostContainer(row.target, row.name);
    const hostDetail = client.getQueryData<ContainerSummary | null>(hostKey);
    if (hostDetail) client.setQueryData(hostKey, { ...hostDetail, ...row });
    else if (hostDetail === null) void client.invalidateQueries({ queryKey: hostKey });
    return;
  }
  const detailKey = queryKeys.container(row.name);
  const detail = client.getQueryData<ContainerDetailResponse | null>(detailKey);
  if (detail) client.setQueryData(detailKey, { ...detail, ...row });
  // A page that said "no such container" asks again: it exists now.
  else if (detail === null) void client.invalidateQueries({ queryKey: detailKey });
}
