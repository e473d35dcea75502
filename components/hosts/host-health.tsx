"use client";

import type { HostHealth } from "@/lib/hosts";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const LABEL: Record<HostHealth["state"], { text: string; tone: BadgeTone }> = {
  ok: { text: "REACHABLE", tone: "green" },
  unreachable: { text: "UNREACHABLE", tone: "red" },
  certificate: { text: "WRONG CERTIFICATE", tone: "red" },
  refused: { text: "ERROR", tone: "red" },
  checking: { text: "CHECKING", tone: "amber" },
};

/** A host's state as a badge, and its one-sentence problem under it. */
export function HostHealthCell({ health }: { health: HostHealth }) {
  const label = LABEL[health.state];
  return (
    <div className="flex flex-col gap-1">
      <span>
        <Badge tone={label.tone}>{label.text}</Badge>
      </span>
      {health.problem && <p className="max-w-md text-xs text-red-700 dark:text-red-300">{health.problem}</p>}
    </div>
  );
}

/** Whether the live feed (lxc-monitor, Incus's event stream) is up, or why not. */
export function StreamCell({ health }: { health: HostHealth }) {
  if (health.stream.up && !health.stream.problem) return <span className="text-xs text-green-700 dark:text-green-400">live</span>;
  return (
    <span className="max-w-xs text-xs text-amber-800 dark:text-amber-300">
      {health.stream.up ? health.stream.problem : `down: ${health.stream.problem ?? "reconnecting"}`}
    </span>
  );
}

/** A cluster's members and their state; "—" for a single server. */
export function MembersCell({ health }: { health: HostHealth }) {
  if (!health.clustered) return <span className="text-muted">—</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-xs">
      {health.members.map((m) => (
        <li key={m.name} className="whitespace-nowrap">
          <span className="font-mono">{m.name}</span>{" "}
          <span className={m.status === "Online" ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-300"}>{m.status}</span>
          {m.message && m.message !== "Fully operational" && <span className="text-muted"> ({m.message})</span>}
        </li>
      ))}
    </ul>
  );
}
