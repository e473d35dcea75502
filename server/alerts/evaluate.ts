import type { AlertRuleId } from "@/lib/alert-types";
import type { ContainerSummary } from "@/lib/container-types";
import type { ReadinessSummary } from "@/lib/host-readiness";
import type { StoreChange } from "../live/state-store";

/** Something that should become an alert, before rules, mutes and coalescing decide. */
export interface AlertCandidate {
  rule: AlertRuleId;
  container: string | null;
  /** Names the container (the e-mail's subject, the push title). */
  title: string;
  body: string;
  level: "warning" | "error";
}

/** How long an exit status is remembered for the STOPPED that follows it. */
const EXIT_MEMORY_MS = 10_000;

/**
 * The "stopped unexpectedly" rule over the live state's changes: a stop not
 * made by the dashboard, or an init that exited with a non-zero status (even
 * under a dashboard stop). One candidate per stop: the exit line that comes
 * just before STOPPED is folded into it.
 */
export class StopRule {
  private lastExit = new Map<string, { status: number; at: number }>();

  onChange(change: StoreChange, now: number): AlertCandidate | null {
    if (change.kind === "exit") {
      this.lastExit.set(change.name, { status: change.status, at: now });
      return null;
    }
    if (change.kind !== "upsert" || change.row.state !== "STOPPED" || !change.before || change.before.state === "STOPPED") return null;
    const name = change.row.name;
    const exit = this.lastExit.get(name);
    this.lastExit.delete(name);
    const status = exit && now - exit.at <= EXIT_MEMORY_MS ? exit.status : null;
    const outside = change.cause.by === "outside";
    if (!outside && !status) return null;
    const how = status ? `exited with status ${status}` : "stopped outside the dashboard";
    const who = outside ? "Nobody stopped it from the dashboard." : `It was being stopped by ${change.cause.by === "dashboard" ? change.cause.actor : "the dashboard"}.`;
    return {
      rule: "unexpected-stop",
      container: name,
      title: `${name} ${how}`,
      body: `Container ${name} ${how} (it was ${change.before.state}). ${who}`,
      level: status ? "error" : "warning",
    };
  }
}

export function oomCandidate(name: string, before: number, now: number): AlertCandidate | null {
  if (now <= before) return null;
  const n = now - before;
  return {
    rule: "oom-kill",
    container: name,
    title: `${name}: out-of-memory kill`,
    body: `The kernel's OOM killer ended ${n === 1 ? "a process" : `${n} processes`} in container ${name}: it reached its memory limit.`,
    level: "error",
  };
}

export function autostartCandidates(rows: readonly ContainerSummary[], afterMinutes: number): AlertCandidate[] {
  return rows
    .filter((r) => r.autostart && r.state !== "RUNNING")
    .map((r) => ({
      rule: "autostart-not-running" as const,
      container: r.name,
      title: `${r.name} is not running (autostart)`,
      body: `Container ${r.name} is marked to start at boot but is ${r.state} ${afterMinutes} minutes after the dashboard started.`,
      level: "warning" as const,
    }));
}

export function readinessCandidate(now: ReadinessSummary, before: ReadinessSummary | null): AlertCandidate | null {
  const wasBad = new Set(before?.problems.map((p) => p.id) ?? []);
  const newly = now.problems.filter((p) => !wasBad.has(p.id));
  if (newly.length === 0) return null;
  return {
    rule: "host-not-ready",
    container: null,
    title: `Host needs attention: ${newly.map((p) => p.title).join(", ")}`,
    body: newly.map((p) => `${p.title}: ${p.found}${p.fix ? ` (fix: ${p.fix})` : ""}`).join("\n"),
    level: "error",
  };
}

export function diskCandidate(path: string, freeBytes: number, totalBytes: number, thresholdPercent: number): AlertCandidate | null {
  if (totalBytes <= 0) return null;
  const percent = (freeBytes / totalBytes) * 100;
  if (percent >= thresholdPercent) return null;
  const gib = (b: number) => (b / 1024 ** 3).toFixed(1);
  return {
    rule: "low-disk",
    container: null,
    title: `Low disk: ${percent.toFixed(1)}% free under ${path}`,
    body: `${gib(freeBytes)} GiB of ${gib(totalBytes)} GiB free on the file system holding ${path} (alert below ${thresholdPercent}%).`,
    level: "warning",
  };
}
