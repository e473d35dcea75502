import type { ContainerDetail, ContainerSummary } from "./container-types";
import type { ListeningService } from "./services";
import type { ListHost } from "./hosts";

/** What every server action answers: never a stack, one sentence on failure. */
export type ActionResult =
  | { ok: true; message: string }
  | { ok: false; error: string; field?: string };

/** GET /api/containers */
export interface ContainerListResponse {
  containers: ContainerSummary[];
  /** Container name → label of the operation of ours running on it ("starting", "destroying"...). */
  busy: Record<string, string>;
  /** lxc-ls is not installed: the list is empty for that reason (the host banner names the fix). */
  toolsMissing: boolean;
  /** Running container name → the services it listens on (lib/services.ts). */
  services: Record<string, ListeningService[]>;
  /** Which reading of the services that is (a tab keeps the newest of the list's answer and the pushed ones). */
  servicesVersion: number;
  /** The Incus hosts (lib/hosts.ts), only when any were added: then the list has a Host column. */
  hosts?: ListHost[];
}

/** GET /api/containers/NAME (404 → { error }) */
export type ContainerDetailResponse = ContainerDetail & { busy: string | null };

export type LifecycleAction = "start" | "stop" | "kill" | "restart" | "freeze" | "unfreeze" | "destroy";

/** Server-sent events of GET /api/operations/ID/events */
export type OperationEvent =
  | { type: "line"; stream: "stdout" | "stderr"; text: string }
  /** How far a long copy has come (bytes); `total` null when unknown. Only the latest is kept for a late watcher. */
  | { type: "progress"; done: number; total: number | null }
  | { type: "end"; outcome: "ok" | "failed" | "cancelled"; message: string; container: string };

export interface AuditEntryView {
  id: number;
  startedAt: string;
  endedAt: string | null;
  actor: string;
  address: string | null;
  action: string;
  container: string | null;
  command: string | null;
  outcome: "running" | "ok" | "failed" | "refused" | "interrupted" | "cancelled";
  exitCode: number | null;
  stderr: string | null;
  detail: string | null;
}
