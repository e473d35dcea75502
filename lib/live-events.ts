// What the push stream carries to every tab (server/live → components/live).
// Other rooms add their own members to LiveEvent (append, keep each small).
import type { ContainerSummary } from "./container-types";
import type { ReadinessSummary } from "./host-readiness";
import type { LatestSample } from "./metrics";
import type { ListeningService } from "./services";
import type { ListHost } from "./hosts";

/** How the state store is being kept current, for the Host page and the "Reconnecting…" bar. */
export interface LiveWatcherStatus {
  lxcpath: string;
  /** Whether lxc-monitor is running now; while false, state comes from the 30 s reconciliation only. */
  monitorUp: boolean;
  /** Why it is down (the tool missing, it exited...), null while up. */
  monitorProblem: string | null;
  /** ISO time of the last full reconciliation (lxc-ls), null before the first. */
  reconciledAt: string | null;
  /** How many times lxc-monitor has been restarted since the dashboard started. */
  monitorRestarts: number;
}

/** Who made a change: the dashboard (and which user) or something outside it. */
export type ChangeCause = { by: "dashboard"; actor: string } | { by: "outside" };

export type LiveEvent =
  /** Sent first on every (re)connection: everything, so a tab that missed events is right again. */
  | {
      type: "snapshot";
      containers: ContainerSummary[];
      busy: Record<string, string>;
      watcher: LiveWatcherStatus;
      readiness: ReadinessSummary | null;
      unreadAlerts: number | null;
      /** The running containers' services as last found (a tab that connects after a 'services' push still gets them). */
      services: Record<string, ListeningService[]>;
      servicesVersion: number;
      /** The Incus targets (server/hosts), when any: their containers are among `containers`. */
      hosts?: ListHost[];
    }
  /** A container appeared or one of its columns changed. */
  | { type: "container"; container: ContainerSummary; cause: ChangeCause | null }
  /** A container is gone (destroyed). */
  | { type: "container-removed"; name: string; cause: ChangeCause | null; /** Its host, when not this machine's classic LXC. */ target?: string }
  /** Operations of ours running now: name → label ("starting"...). */
  | { type: "busy"; busy: Record<string, string> }
  | { type: "watcher"; watcher: LiveWatcherStatus }
  | { type: "host-readiness"; readiness: ReadinessSummary }
  /** Terminal sessions on this container opened or closed (admins only). */
  | { type: "terminal-sessions"; container: string }
  /** A new activity row (a state change, a scheduled run...): views of it refresh. */
  | { type: "activity"; container: string | null }
  /** The running containers' listening services, found anew (the list's chips). */
  | { type: "services"; services: Record<string, ListeningService[]>; version: number }
  /** A new in-app alert (the bell asks for its user's unread count). */
  | { type: "alert"; title: string; container: string | null }
  /**
   * The sampler (server/metrics) took a round at `at` (ms): each running
   * container's new values (the point's time `t`, seconds) go into the
   * sparklines and the Overview's "now" in place; the 15 min / 1 h charts
   * on screen ask for their new points.
   */
  | { type: "metrics"; at: number; t: number; latest: Record<string, LatestSample> }
  /** The Incus targets changed (added, removed, a stream down or back): the list's Host column and notes. */
  | { type: "hosts"; hosts: ListHost[] }
  /**
   * A container's snapshots, the backups, its schedules, the forwards or its
   * rootfs size (measured in the background) changed (from the dashboard, a
   * schedule or by hand): the views of it on screen ask again. `container`
   * null: any container's.
   */
  | { type: "data"; what: ContainerData; container: string | null };

/** What a "data" event says changed (server/live/data-changed.ts publishes it). */
export type ContainerData = "snapshots" | "backups" | "schedules" | "forwards" | "size";

export type LiveEventType = LiveEvent["type"];

/** Who may receive an event: every signed-in user, or admins alone. */
export type LiveAudience = "viewer" | "admin";

/** The WebSocket path of the push stream (the custom server; no App Router route here). */
export const LIVE_WS_PATH = "/api/live/ws";

/** Close codes the stream uses; the tab reconnects after any other. */
export const LIVE_CLOSE = { signedOut: 4401, forbidden: 4403, shutdown: 1001 } as const;
