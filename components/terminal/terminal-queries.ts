import { useQuery } from "@tanstack/react-query";
import { listTerminalSessions, openTerminalTicket } from "@/app/containers/[name]/terminal/actions";
import { queryKeys } from "@/lib/query-keys";
import type { TerminalSessionView } from "@/lib/terminal-protocol";
import { TicketRefused } from "./terminal-connection";

/** The container's open terminal sessions, every user's; one opened or closed elsewhere is pushed by the live stream. */
export function useTerminalSessions(container: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.terminalSessions(container),
    queryFn: async (): Promise<TerminalSessionView[]> => {
      const result = await listTerminalSessions(container);
      if (!result.ok) throw new Error(result.error);
      return result.sessions;
    },
    staleTime: Infinity,
    enabled,
  });
}

/** A ticket for one connection; a refusal (signed out, not an admin) ends the tab with its reason. */
export async function fetchTerminalTicket(container: string): Promise<string> {
  const result = await openTerminalTicket(container);
  if (!result.ok) throw new TicketRefused(result.error);
  return result.ticket;
}
