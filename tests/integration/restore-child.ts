// Run by backups-interrupted.test.ts in a process of its own, to be killed with SIGKILL while it restores.
import { planRestore, restoreBackup } from "@/server/backups/restore-backup";

const [backup, newName] = process.argv.slice(2) as [string, string];
const plan = await planRestore(backup, newName);
await restoreBackup(plan, { onLine: () => {}, progress: () => {}, signal: new AbortController().signal });
