import type { ContainerSummary } from "@/lib/container-types";

/** A container row for unit tests: "web", unprivileged, with `over` on top (RUNNING gets init PID 10 unless said). */
export function containerRow(state: ContainerSummary["state"], over: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    name: "web",
    state,
    pid: state === "RUNNING" ? 10 : null,
    memoryBytes: null,
    autostart: false,
    ipv4: [],
    ipv6: [],
    unprivileged: true,
    ...over,
  };
}
