/**
 * Who must hear at once that sign-ins were ended (a sign-out, a password
 * change or reset, a user disabled or removed): the terminal service, whose
 * shells die with the sign-in that holds them. Auth code calls
 * `sessionsEnded()` after deleting session rows; it never imports the
 * terminal. One set per process (processSingleton): those rows are deleted
 * by Next's server bundle while the listener lives in the custom server.
 */
import { processSingleton } from "../process-singleton";

type Listener = () => Promise<void>;

function listeners(): Set<Listener> {
  return processSingleton("session-end-listeners", () => new Set<Listener>());
}

/** Registers `listener`; returns the function that unregisters it. */
export function onSessionsEnded(listener: Listener): () => void {
  listeners().add(listener);
  return () => void listeners().delete(listener);
}

/**
 * Tells every listener that some sessions ended, and waits for them. A
 * listener's failure is logged, never thrown: the sign-out itself has happened.
 */
export async function sessionsEnded(): Promise<void> {
  await Promise.all(
    [...listeners()].map((listener) =>
      listener().catch((error: unknown) => console.error("auth: a listener for ended sessions failed", error)),
    ),
  );
}
