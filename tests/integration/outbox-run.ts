// A stand-in for the dashboard's process in alerts-outbox.test.ts: it works
// the outbox of DATABASE_URL for RUN_MS with its clock CLOCK_OFFSET_MS ahead
// (so a retry scheduled for later is due), then exits, as a restart would.
import { startOutboxWorker } from "@/server/alerts/outbox";
import { sendToTarget } from "@/server/alerts/targets";

const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const worker = startOutboxWorker(200, { now: () => new Date(Date.now() + offset), send: sendToTarget });
setTimeout(() => {
  void worker.stop().then(() => process.exit(0));
}, Number(process.env.RUN_MS ?? 2000));
