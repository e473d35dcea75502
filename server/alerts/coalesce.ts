import type { AlertCandidate } from "./evaluate";

/**
 * Keeps a flapping container from flooding anyone: per rule and container,
 * the first alert goes out at once; further ones within the window are
 * counted, and when the window ends one summary goes out with the count
 * ("… 37 more times"), opening the next window. So N changes a minute yield
 * at most one alert plus one per window, whatever N is. Pure (the clock is
 * passed in), so it is unit-tested.
 */
export interface Coalesced extends AlertCandidate {
  /** How many occurrences this alert stands for. */
  count: number;
}

interface Window {
  endsAt: number;
  suppressed: number;
  last: AlertCandidate;
}

export class Coalescer {
  private windows = new Map<string, Window>();

  constructor(private readonly windowMs: number) {}

  static key(c: AlertCandidate): string {
    return `${c.rule}\u0000${c.container ?? ""}`;
  }

  /** The alert to raise now, or null when it is counted into the current window. */
  offer(c: AlertCandidate, now: number): Coalesced | null {
    const key = Coalescer.key(c);
    const w = this.windows.get(key);
    if (w && now < w.endsAt) {
      w.suppressed++;
      w.last = c;
      return null;
    }
    this.windows.set(key, { endsAt: now + this.windowMs, suppressed: 0, last: c });
    return { ...c, count: 1 };
  }

  /** Summaries of the windows that have ended with occurrences held back; quiet windows are forgotten. */
  flush(now: number): Coalesced[] {
    const out: Coalesced[] = [];
    for (const [key, w] of this.windows) {
      if (now < w.endsAt) continue;
      if (w.suppressed === 0) {
        this.windows.delete(key);
        continue;
      }
      const n = w.suppressed;
      out.push({ ...w.last, title: `${w.last.title} (${n} more time${n === 1 ? "" : "s"})`, count: n });
      this.windows.set(key, { endsAt: now + this.windowMs, suppressed: 0, last: w.last });
    }
    return out;
  }
}
