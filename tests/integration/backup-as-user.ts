// Run by backups-nonroot.test.ts as its non-root test user (the way the dashboard runs in non-root mode):
// backs up the container named in the JSON arguments [container, copy] and restores the backup as `copy`,
// then prints, as JSON, who it ran as and the commands it ran.
import { planBackup, writeBackup } from "@/server/backups/create-backup";
import { planRestore, restoreBackup } from "@/server/backups/restore-backup";

const [container, copy] = JSON.parse(process.argv[2] ?? "[]") as [string, string];
const hooks = { onLine: () => {}, progress: () => {}, signal: new AbortController().signal };
const plan = await planBackup(container, { name: `${container}-backup`, comment: "as a regular user" }, new Date());
const sidecar = await writeBackup(plan, hooks);
const restore = await planRestore(plan.name, copy);
await restoreBackup(restore, hooks);
console.log(JSON.stringify({ uid: process.getuid!(), sha256: sidecar.sha256, backup: plan.tarArgv, restore: restore.tarArgv }));
