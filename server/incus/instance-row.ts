import type { ContainerState, ContainerSummary } from "@/lib/container-types";
import type { IncusInstance, IncusInstanceState } from "./api-types";

/** Incus's instance statuses as the list's states (lxc-ls's words). */
const STATES: Record<string, ContainerState> = {
  Running: "RUNNING",
  Stopped: "STOPPED",
  Frozen: "FROZEN",
  Freezing: "FREEZING",
  Thawed: "RUNNING",
  Starting: "STARTING",
  Stopping: "STOPPING",
  Aborting: "ABORTING",
  Error: "ERROR",
};

export function stateOf(status: string): ContainerState {
  return STATES[status] ?? "ERROR";
}

/** Global addresses of the instance's interfaces (not lo), IPv4 and IPv6 apart. */
export function addressesOf(state: IncusInstanceState | null | undefined): { ipv4: string[]; ipv6: string[] } {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  for (const [name, nic] of Object.entries(state?.network ?? {})) {
    if (name === "lo" || nic.type === "loopback") continue;
    for (const a of nic.addresses ?? []) {
      if (a.scope !== "global") continue;
      if (a.family === "inet") ipv4.push(a.address);
      else if (a.family === "inet6") ipv6.push(a.address);
    }
  }
  return { ipv4, ipv6 };
}

export interface RowContext {
  /** The target's name (the Host column). */
  target: string;
  /** Whether the daemon runs on this machine: only then is its init PID one of ours (/proc). */
  local: boolean;
  clustered: boolean;
}

/**
 * One instance as a row of the list: the same columns as a classic
 * container's, plus its target and cluster member. Memory and addresses come
 * from its state (GET …?recursion=2 or …/state); the init PID only for a
 * daemon on this machine, where it is a PID of this /proc.
 */
export function instanceRow(instance: IncusInstance, ctx: RowContext, state: IncusInstanceState | null | undefined = instance.state): ContainerSummary {
  const config = instance.expanded_config ?? instance.config;
  const status = state?.status ?? instance.status;
  const running = status === "Running" || status === "Frozen";
  const { ipv4, ipv6 } = running ? addressesOf(state) : { ipv4: [], ipv6: [] };
  return {
    name: instance.name,
    state: stateOf(status),
    pid: running && ctx.local && state?.pid ? state.pid : null,
    memoryBytes: running && typeof state?.memory?.usage === "number" ? state.memory.usage : null,
    autostart: config["boot.autostart"] === "true",
    ipv4,
    ipv6,
    unprivileged: config["security.privileged"] !== "true",
    target: ctx.target,
    member: ctx.clustered && instance.location && instance.location !== "none" ? instance.location : null,
  };
}
