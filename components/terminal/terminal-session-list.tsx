"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endTerminalSession } from "@/app/containers/[name]/terminal/actions";
import { formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import type { TerminalSessionView } from "@/lib/terminal-protocol";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ActionsTh, Table, TableMessageRow, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";

/** Every user's open terminal sessions on one container: who opened each, when, and a way to end it. */
export function TerminalSessionList({
  container,
  sessions,
  error,
}: {
  container: string;
  /** Undefined while the first answer is on its way. */
  sessions: TerminalSessionView[] | undefined;
  error: Error | null;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [ending, setEnding] = useState<string | null>(null);

  async function end(session: TerminalSessionView) {
    setEnding(session.id);
    try {
      const result = await endTerminalSession(session.id);
      toast(result.ok ? { tone: "ok", content: result.message } : { tone: "error", content: result.error });
    } catch {
      toast({ tone: "error", content: `Could not reach the dashboard to end "${session.name}"; try again.` });
    } finally {
      setEnding(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.terminalSessions(container) });
    }
  }

  return (
    <section aria-labelledby="terminal-sessions-heading" className="flex flex-col gap-2">
      <h2 id="terminal-sessions-heading" className="text-sm font-semibold text-muted">
        Open sessions on <span className="font-mono">{container}</span>
      </h2>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The sessions could not be listed: {error.message}
        </p>
      )}
      <Table label={`Open terminal sessions on ${container}`}>
        <thead>
          <tr>
            <Th>Session</Th>
            <Th>Opened by</Th>
            <Th>Opened</Th>
            <Th>Tab</Th>
            <ActionsTh />
          </tr>
        </thead>
        <tbody>
          {sessions === undefined ? (
            <tr>
              <Td colSpan={5}>
                <Skeleton className="h-5 w-full" />
              </Td>
            </tr>
          ) : sessions.length === 0 ? (
            <TableMessageRow columns={5}>No terminal is open on this container.</TableMessageRow>
          ) : (
            sessions.map((s) => (
              <tr key={s.id}>
                <Td className="font-mono whitespace-nowrap">{s.name}</Td>
                <Td className="whitespace-nowrap">{s.mine ? `${s.user} (you)` : s.user}</Td>
                <Td className="font-mono text-xs whitespace-nowrap">
                  <time dateTime={s.openedAt} title={s.openedAt}>
                    {formatTimestamp(s.openedAt)}
                  </time>
                </Td>
                <Td className="text-muted">{s.attached ? "attached" : "detached"}</Td>
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={ending === s.id}
                    aria-label={`End ${s.name} of ${s.user}`}
                    onClick={() => void end(s)}
                  >
                    End
                  </Button>
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
    </section>
  );
}
