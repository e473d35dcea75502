// Run by cgroups-containers.test.ts as its non-root test user (as the
// dashboard runs in non-root mode): finds the container's cgroups from its
// init's /proc/PID/cgroup and reads them; prints what it saw as JSON.
import { containerCgroups, readCgroupCounters } from "@/server/cgroups";

const [pid, name] = JSON.parse(process.argv[2] ?? "[]") as [number, string];
const cg = containerCgroups(pid, name);
console.log(JSON.stringify({ uid: process.getuid!(), dirs: cg?.dirs, counters: cg && readCgroupCounters(cg) }));
