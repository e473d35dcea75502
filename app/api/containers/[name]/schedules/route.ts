import type { ScheduleView } from "@/lib/schedule-schemas";
import { containerGetRoute } from "@/server/containers/container-route";
import { schedulesView } from "@/server/schedules/schedule-service";

export const dynamic = "force-dynamic";

/** The container's snapshot and backup schedules, with their next and last runs. */
export const GET = containerGetRoute("view schedules", (name): Promise<ScheduleView[]> => schedulesView(name));
