import { recordActivity } from "../activity";
import type { ForwardStatus } from "./forward-engine";

interface Row {
  id: number;
  container: string;
  protocol: string;
  hostPort: number;
}

/** What a forward's new state says on its container's Activity tab. */
function sentence(row: Row, status: ForwardStatus): string {
  const port = `host port ${row.hostPort}/${row.protocol}`;
  if (status.state === "active") return `${port} forwards to ${status.target}`;
  if (status.state === "waiting") return `${port} waits: ${status.reason ?? ""}`.trim();
  return `${port} could not be applied: ${status.reason ?? "unknown reason"}`;
}

/**
 * An Activity row for each forward whose state or target changed in a round
 * (issue 9's recordActivity): "host port 18080/tcp forwards to 10.0.3.7:80"
 * when the container starts or its address changes, "... waits" when it stops.
 */
export async function recordForwardChanges(
  rows: readonly Row[],
  before: ReadonlyMap<number, ForwardStatus>,
  after: ReadonlyMap<number, ForwardStatus>,
  actor: string,
): Promise<void> {
  for (const row of rows) {
    const was = before.get(row.id);
    const now = after.get(row.id);
    if (!now || (was && was.state === now.state && was.target === now.target)) continue;
    await recordActivity({
      container: row.container,
      kind: "forward",
      actor,
      level: now.state === "failed" ? "error" : "info",
      message: sentence(row, now),
    });
  }
}

/** The row for a forward removed because its container is gone. */
export async function recordForwardGone(row: Row): Promise<void> {
  await recordActivity({ container: row.container, kind: "forward", actor: "dashboard", message: `host port ${row.hostPort}/${row.protocol} went with the container` });
}
