"use server";

import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { clearSchedule, setSchedule } from "@/server/schedules/schedule-service";

const set = guardedAction(
  "admin",
  "schedule",
  async (actor, container: string, kind: unknown, input: unknown) => setSchedule(whoIs(actor), container, kind, input),
  { container: (container) => container },
);
const clear = guardedAction(
  "admin",
  "schedule",
  async (actor, container: string, kind: unknown) => clearSchedule(whoIs(actor), container, kind),
  { container: (container) => container },
);

/** Sets the container's snapshot or backup schedule ("daily at 03:00, keep 7"). */
export async function setScheduleAction(container: string, kind: unknown, input: unknown) {
  return set(container, kind, input);
}

export async function clearScheduleAction(container: string, kind: unknown) {
  return clear(container, kind);
}
