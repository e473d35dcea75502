// The list's services chips arrive two ways (the list's answer, the 'services'
// pushes); a tab keeps whichever reading is newer, whatever order they come in.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { ContainerListResponse } from "@/lib/api-types";
import type { ListeningService } from "@/lib/services";
import { queryKeys } from "@/lib/query-keys";
import { applyLiveEvent, newerServices } from "@/components/live/live-cache";

const http: ListeningService = { protocol: "tcp", port: 80, addresses: ["0.0.0.0"], program: "httpd", pid: 20, reachable: true };
const list = (services: ContainerListResponse["services"], servicesVersion: number): ContainerListResponse => ({
  containers: [],
  busy: {},
  toolsMissing: false,
  services,
  servicesVersion,
});

describe("newerServices", () => {
  it("keeps the list's map when it is newer than the one offered", () => {
    expect(newerServices(list({ a: [http] }, 3), {}, 2)).toEqual({ services: { a: [http] }, servicesVersion: 3 });
  });
  it("takes the offered map when it is as new or newer, or there is no list yet", () => {
    expect(newerServices(list({}, 2), { a: [http] }, 2)).toEqual({ services: { a: [http] }, servicesVersion: 2 });
    expect(newerServices(undefined, { a: [http] }, 1)).toEqual({ services: { a: [http] }, servicesVersion: 1 });
  });
});

describe("applyLiveEvent: services", () => {
  it("a push newer than the list replaces its chips; an older one is ignored", () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.containerList(), list({}, 1));
    applyLiveEvent(client, { type: "services", services: { a: [http] }, version: 2 });
    expect(client.getQueryData<ContainerListResponse>(queryKeys.containerList())?.services).toEqual({ a: [http] });
    applyLiveEvent(client, { type: "services", services: {}, version: 1 });
    expect(client.getQueryData<ContainerListResponse>(queryKeys.containerList())?.services).toEqual({ a: [http] });
  });

  it("a snapshot brings the services found before the tab connected", () => {
    const client = new QueryClient();
    applyLiveEvent(client, {
      type: "snapshot",
      containers: [],
      busy: {},
      watcher: { lxcpath: "/var/lib/lxc", monitorUp: true, monitorProblem: null, reconciledAt: null, monitorRestarts: 0 },
      readiness: null,
      unreadAlerts: null,
      services: { a: [http] },
      servicesVersion: 4,
    });
    expect(client.getQueryData<ContainerListResponse>(queryKeys.containerList())).toMatchObject({ services: { a: [http] }, servicesVersion: 4 });
  });
});
