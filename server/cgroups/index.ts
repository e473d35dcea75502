// A container's cgroups and their counters, on cgroup v1, v2 and hybrid hosts.
//   const cg = containerCgroups(initPid, name);      // null: the process is gone
//   const counters = readCgroupCounters(cg);         // each field { ok, value } or { ok: false, reason }
//   const oom = readOomCounters(cg);                 // oom_kill, failcnt / memory.events max, under_oom
export * from "./types";
export { containerCgroups, cgroupMounts } from "./container-cgroups";
export { readCgroupCounters, readOomCounters, readCpuNs, readMemoryUsage, readSwap, readMemoryKinds, readPids, readIo } from "./read-counters";
export { locateCgroups, locateResource, containerRootPath, V1_CONTROLLER } from "./locate";
export { parseProcCgroup } from "./parse-proc-cgroup";
export * from "./parse-counters";
