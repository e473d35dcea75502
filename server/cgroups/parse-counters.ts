import type { IoTotals } from "./types";

/**
 * Pure parsers of cgroup counter files, v1 and v2. Each returns null for
 * text it does not recognise, so a caller can say which file was odd.
 */

/** A file holding one number ("123\n"): cpuacct.usage, memory.current, pids.current… "max" is Infinity. */
export function parseSingleValue(text: string): number | null {
  const t = text.trim();
  if (t === "max") return Infinity;
  if (!/^\d+$/.test(t)) return null;
  return Number(t);
}

/**
 * A v1 memory limit: "no limit" is the largest page-aligned counter
 * (9223372036854771712 on 4 KiB pages), any value that large means none.
 */
export function parseV1Limit(text: string): number | null | undefined {
  const n = parseSingleValue(text);
  if (n === null) return undefined;
  return n >= 2 ** 62 ? null : n;
}

/** A v2 limit (memory.max, pids.max): "max" means none. */
export function parseV2Limit(text: string): number | null | undefined {
  const n = parseSingleValue(text);
  if (n === null) return undefined;
  return n === Infinity ? null : n;
}

/**
 * "key value" lines: cpu.stat, memory.stat (v1 and v2), memory.events,
 * memory.oom_control, pids.events. Lines of another shape are skipped.
 */
export function parseFlatKeyed(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (space <= 0) continue;
    const value = line.slice(space + 1).trim();
    if (/^\d+$/.test(value)) values.set(line.slice(0, space), Number(value));
  }
  return values;
}

/** v2 cpu.stat: usage_usec, in nanoseconds. */
export function parseCpuStatUsageNs(text: string): number | null {
  const usec = parseFlatKeyed(text).get("usage_usec");
  return usec === undefined ? null : usec * 1000;
}

/**
 * v2 io.stat: one line per device, "8:0 rbytes=1 wbytes=2 rios=3 wios=4
 * dbytes=0 dios=0", summed over devices. An empty file (no I/O yet) is zeros.
 */
export function parseIoStat(text: string): IoTotals | null {
  const totals: IoTotals = { readBytes: 0, writeBytes: 0, readOps: 0, writeOps: 0 };
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || !/^\d+:\d+$/.test(fields[0]!)) {
      if (line.trim() === "") continue;
      return null;
    }
    for (const field of fields.slice(1)) {
      const [key, raw] = field.split("=");
      const n = Number(raw);
      if (!Number.isFinite(n)) continue;
      if (key === "rbytes") totals.readBytes += n;
      else if (key === "wbytes") totals.writeBytes += n;
      else if (key === "rios") totals.readOps += n;
      else if (key === "wios") totals.writeOps += n;
    }
  }
  return totals;
}

/**
 * v1 blkio.throttle.io_service_bytes / io_serviced (and their _recursive
 * forms): "8:0 Read 4096", "8:0 Write 0", … per device, then "Total N".
 * Summed Read and Write over devices.
 */
export function parseBlkioThrottle(text: string): { read: number; write: number } | null {
  let read = 0;
  let write = 0;
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 3 && /^\d+:\d+$/.test(fields[0]!) && /^\d+$/.test(fields[2]!)) {
      if (fields[1] === "Read") read += Number(fields[2]);
      else if (fields[1] === "Write") write += Number(fields[2]);
    } else if (!(fields.length === 2 && fields[0] === "Total") && line.trim() !== "") {
      return null;
    }
  }
  return { read, write };
}
