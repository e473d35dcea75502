// Activity: every state change (from the dashboard or outside it) and services' rows; what the rest of the server uses.
import { processSingleton } from "../process-singleton";
import { liveStoreReady } from "../live";
import { pruneActivity, recordActivity } from "./record";
import { activityForChange } from "./state-rows";

export { recordActivity, type ActivityInput } from "./record";
export { listActivityFeed, type FeedQuery } from "./feed";
export { activityForChange } from "./state-rows";

const KEEP_DAYS = 90;

/**
 * Writes a row for every state change of the dashboard's containers from now
 * on (the first fill of the store at start-up is not a change), and prunes
 * rows older than 90 days daily. Started once, by server/index.ts.
 */
export async function startActivityRecorder(): Promise<() => void> {
  return processSingleton("activity-recorder", async () => {
    const store = await liveStoreReady();
    const unsubscribe = store.subscribe((change) => {
      const row = activityForChange(change);
      if (row) void recordActivity(row);
    });
    const prune = () => void pruneActivity(KEEP_DAYS).catch((err: unknown) => console.error("activity: prune failed", err));
    prune();
    const timer = setInterval(prune, 86_400_000);
    timer.unref();
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  });
}
