import { statfsSync } from "node:fs";
import { readProcText } from "../processes/procfs/proc-files";
import { available, unavailable } from "../cgroups";
import type { HostRaw } from "./types";

/** /proc/stat's "cpu" line: all ticks (user nice system idle iowait irq softirq steal; guest is inside user) and the idle ones (idle + iowait). */
export function parseProcStatCpu(text: string): { total: number; idle: number } | null {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 5 || f.some((n) => !Number.isFinite(n))) return null;
  return { total: f.reduce((a, b) => a + b, 0), idle: f[3]! + f[4]! };
}

/** /proc/meminfo in bytes ("MemTotal:  24000000 kB"). */
export function parseMeminfo(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^(\w+):\s+(\d+)(?: kB)?$/.exec(line.trim());
    if (m) values.set(m[1]!, Number(m[2]) * (line.trim().endsWith("kB") ? 1024 : 1));
  }
  return values;
}

export function parseLoadavg(text: string): number | null {
  const first = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(first) ? first : null;
}

/** The host's CPU, memory, load and the disk under the lxcpath, now. */
export function readHostRaw(lxcpath: string, at: number): HostRaw {
  const cpu = parseProcStatCpu(readProcText("/proc/stat") ?? "") ?? { total: 0, idle: 0 };
  const mem = parseMeminfo(readProcText("/proc/meminfo") ?? "");
  const memTotal = mem.get("MemTotal") ?? 0;
  let disk: HostRaw["disk"];
  try {
    const s = statfsSync(lxcpath);
    disk = available({ free: s.bavail * s.bsize, total: s.blocks * s.bsize });
  } catch (error) {
    disk = unavailable(`the file system of ${lxcpath} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return {
    at,
    cpuTotal: cpu.total,
    cpuIdle: cpu.idle,
    memTotal,
    memAvailable: mem.get("MemAvailable") ?? memTotal,
    swapUsed: (mem.get("SwapTotal") ?? 0) - (mem.get("SwapFree") ?? 0),
    load1: parseLoadavg(readProcText("/proc/loadavg") ?? "") ?? 0,
    disk,
  };
}
