import { CLOCK_TICKS_PER_SECOND } from "./cpu-percent";
import { readProcText } from "./proc-files";

/** The "btime" line of /proc/stat: the boot time in seconds since the epoch, or null. */
export function parseBootTimeSeconds(procStatText: string): number | null {
  const match = /^btime (\d+)$/m.exec(procStatText);
  return match ? Number(match[1]) : null;
}

// btime is fixed at boot (it moves only when the clock is stepped), so it is
// read once per proc root rather than on every refresh.
const bootTimes = new Map<string, number>();

function bootTimeMs(procRoot: string): number {
  let ms = bootTimes.get(procRoot);
  if (ms === undefined) {
    const seconds = parseBootTimeSeconds(readProcText(`${procRoot}/stat`) ?? "");
    if (seconds === null) throw new Error(`No btime line in ${procRoot}/stat.`);
    ms = seconds * 1000;
    bootTimes.set(procRoot, ms);
  }
  return ms;
}

/** Epoch milliseconds at which a process started, from stat field 22 (ticks after boot). */
export function processStartTimeMs(procRoot: string, startTicks: number): number {
  return bootTimeMs(procRoot) + Math.round((startTicks * 1000) / CLOCK_TICKS_PER_SECOND);
}
