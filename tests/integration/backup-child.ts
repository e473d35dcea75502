// Run by backups.test.ts in a process of its own, to be killed with SIGKILL while it writes.
import { planBackup, writeBackup } from "@/server/backups/create-backup";

const container = process.argv[2]!;
const plan = await planBackup(container, { comment: "" }, new Date());
await writeBackup(plan, { onLine: () => {}, progress: () => {}, signal: new AbortController().signal });
