import type { LiveAudience, LiveEvent } from "@/lib/live-events";
import { roleSatisfies, type Role } from "@/lib/roles";
import { processSingleton } from "../process-singleton";

/**
 * Fans events out to every open tab's stream (server/live/live-socket.ts).
 * Anyone on the server may publish; an event meant for admins alone is never
 * handed to a viewer's stream. One bus per process (processSingleton): Next's
 * bundle publishes into the same bus the custom server's sockets read.
 */
interface Subscriber {
  role: Role;
  send(event: LiveEvent): void;
}

function subscribers(): Set<Subscriber> {
  return processSingleton("live-bus", () => new Set<Subscriber>());
}

/** Pushes `event` to every open tab whose user may read it (default: every signed-in user). */
export function publishLive(event: LiveEvent, options: { audience?: LiveAudience } = {}): void {
  const audience = options.audience ?? "viewer";
  for (const s of subscribers()) {
    if (!roleSatisfies(s.role, audience)) continue;
    try {
      s.send(event);
    } catch (err) {
      console.error("live: a stream failed to take an event", err);
    }
  }
}

/** A stream's subscription, for a user of `role`; returns the unsubscribe function. */
export function subscribeLive(role: Role, send: (event: LiveEvent) => void): () => void {
  const s: Subscriber = { role, send };
  subscribers().add(s);
  return () => void subscribers().delete(s);
}

/** How many streams are open (for the Host page and tests). */
export function liveSubscriberCount(): number {
  return subscribers().size;
}
