/** real, effective, saved set, filesystem: the order of the Uid: and Gid: lines. */
export interface IdQuad {
  real: number;
  effective: number;
  saved: number;
  filesystem: number;
}

/** The fields of /proc/PID/status the process view uses. */
export interface ProcStatus {
  /** One letter, as ps and top show it (R, S, D, Z, T, t, I, X). */
  state: string;
  ppid: number;
  uid: IdQuad;
  gid: IdQuad;
  /** The PID in each PID namespace from the reader's own down to the process's: the last is the PID inside. */
  nspid: number[];
  threads: number;
  /** VmRSS; 0 for kernel threads and zombies, which have no memory map and no VmRSS line. */
  rssBytes: number;
}

/**
 * The whitespace-separated decimal numbers after "Key:" on its line, or null
 * when the line is absent. A refresh parses a status file per process, so this
 * looks up the few keys it needs instead of splitting all ~55 lines.
 */
function numbersOf(text: string, key: string): number[] | null {
  const label = `${key}:`;
  let at = 0;
  if (!text.startsWith(label)) {
    at = text.indexOf(`\n${label}`) + 1;
    if (at === 0) return null;
  }
  const numbers: number[] = [];
  let value = -1;
  for (let i = at + label.length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = (value < 0 ? 0 : value * 10) + (c - 48);
    } else {
      if (value >= 0) numbers.push(value);
      value = -1;
      if (c === 10) break;
      if (c !== 32 && c !== 9) break; // "kB" after VmRSS's number; nothing numeric follows
    }
  }
  if (value >= 0) numbers.push(value);
  return numbers;
}

function idQuadOf(text: string, key: string): IdQuad | null {
  const ids = numbersOf(text, key);
  if (!ids || ids.length !== 4) return null;
  const [real, effective, saved, filesystem] = ids as [number, number, number, number];
  return { real, effective, saved, filesystem };
}

/** Parses /proc/PID/status; null when a line the view needs is missing (a truncated read). */
export function parseProcStatus(text: string): ProcStatus | null {
  const stateAt = text.indexOf("\nState:\t");
  const state = stateAt < 0 ? "" : text.charAt(stateAt + 8);
  const ppid = numbersOf(text, "PPid");
  const uid = idQuadOf(text, "Uid");
  const gid = idQuadOf(text, "Gid");
  const nspid = numbersOf(text, "NSpid");
  const threads = numbersOf(text, "Threads");
  const rssKb = numbersOf(text, "VmRSS");
  if (!state || ppid?.length !== 1 || !uid || !gid || !nspid?.length || threads?.length !== 1) return null;
  return { state, ppid: ppid[0]!, uid, gid, nspid, threads: threads[0]!, rssBytes: (rssKb?.[0] ?? 0) * 1024 };
}
