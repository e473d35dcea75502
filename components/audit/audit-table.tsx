import Link from "next/link";
import type { AuditEntryView } from "@/lib/api-types";
import { formatDuration, formatTimestamp } from "@/lib/format-units";
import { Table, Td, Th } from "@/components/ui/table";
import { OutcomeBadge } from "./outcome-badge";

/** stderr and the server's note on the outcome, folded away until asked for. */
function Details({ entry }: { entry: AuditEntryView }) {
  if (!entry.stderr && !entry.detail) return <span className="text-muted">—</span>;
  return (
    <details className="max-w-md">
      <summary className="cursor-pointer text-xs text-accent">{entry.stderr ? "stderr" : "note"}</summary>
      {entry.detail && <p className="mt-1 text-xs">{entry.detail}</p>}
      {entry.stderr && (
        <pre className="mt-1 max-h-60 overflow-auto rounded bg-panel-raised p-2 font-mono text-xs whitespace-pre-wrap">
          {entry.stderr}
        </pre>
      )}
    </details>
  );
}

/** Audit rows, newest first as given; server-rendered, so times are the host's. */
export function AuditTable({ entries, showContainer = true }: { entries: AuditEntryView[]; showContainer?: boolean }) {
  return (
    <Table label="Audit log">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>User</Th>
          <Th>Action</Th>
          {showContainer && <Th>Container</Th>}
          <Th>Command</Th>
          <Th>Outcome</Th>
          <Th className="text-right">Duration</Th>
          <Th className="text-right">Exit code</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className="align-top">
            <Td className="font-mono text-xs whitespace-nowrap">
              <time dateTime={e.startedAt} title={e.startedAt}>
                {formatTimestamp(e.startedAt)}
              </time>
            </Td>
            <Td className="whitespace-nowrap" title={e.address ?? undefined}>
              {e.actor}
            </Td>
            <Td className="whitespace-nowrap">{e.action}</Td>
            {showContainer && (
              <Td className="font-mono text-xs whitespace-nowrap">
                {e.container ? (
                  <Link href={`/audit?container=${encodeURIComponent(e.container)}`} className="hover:underline">
                    {e.container}
                  </Link>
                ) : (
                  <span className="text-muted">—</span>
                )}
              </Td>
            )}
            {/* Wide enough to break between words; a long path breaks anywhere rather than widen the table. */}
            <Td className="min-w-56 font-mono text-xs wrap-anywhere">{e.command ?? <span className="text-muted">—</span>}</Td>
            <Td>
              <OutcomeBadge outcome={e.outcome} />
            </Td>
            <Td className="text-right font-mono text-xs whitespace-nowrap">
              {e.endedAt ? (
                formatDuration(Date.parse(e.endedAt) - Date.parse(e.startedAt))
              ) : (
                <span className="text-muted">—</span>
              )}
            </Td>
            <Td className="text-right font-mono text-xs">{e.exitCode ?? <span className="text-muted">—</span>}</Td>
            <Td>
              <Details entry={e} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
