// The container types live in lib/ so the browser can use them too.
export * from "@/lib/container-types";

import type { ContainerState } from "@/lib/container-types";
export type { LifecycleAction } from "@/lib/api-types";

/** What running one tool gave back. */
export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the run was stopped for running past RunOptions.timeoutMs. */
  timedOut?: boolean;
}

/** What `lxc-info -H` says about one container. */
export interface LxcInfo {
  name: string;
  state: ContainerState;
  /** Init PID on the host; null when not running. */
  pid: number | null;
  ipv4: string[];
  ipv6: string[];
  /** "Memory use" in bytes; null when not running. */
  memoryBytes: number | null;
  /** Its network links on the host side ("Link:" lines: a veth's host end), running containers only. */
  links: string[];
}
