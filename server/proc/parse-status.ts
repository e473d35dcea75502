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

function parseIdQuad(value: string): IdQuad | null {
  const [real, effective, saved, filesystem] = value.trim().split(/\s+/).map(Number);
  const quad = { real, effective, saved, filesystem };
  return Object.values(quad).every((n) => Number.isSafeInteger(n)) ? (quad as IdQuad) : null;
}

/** Parses /proc/PID/status; null when a line the view needs is missing (a truncated read). */
export function parseProcStatus(text: string): ProcStatus | null {
  let state: string | undefined;
  let ppid: number | undefined;
  let uid: IdQuad | null = null;
  let gid: IdQuad | null = null;
  let nspid: number[] | undefined;
  let threads: number | undefined;
  let rssBytes = 0;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const value = line.slice(colon + 1);
    switch (line.slice(0, colon)) {
      case "State":
        state = value.trim().charAt(0);
        break;
      case "PPid":
        ppid = Number(value);
        break;
      case "Uid":
        uid = parseIdQuad(value);
        break;
      case "Gid":
        gid = parseIdQuad(value);
        break;
      case "NSpid":
        nspid = value.trim().split(/\s+/).map(Number);
        break;
      case "Threads":
        threads = Number(value);
        break;
      case "VmRSS":
        rssBytes = Number.parseInt(value.trim(), 10) * 1024; // "  1476 kB"
        break;
    }
  }
  if (!state || ppid === undefined || !uid || !gid || !nspid || threads === undefined) return null;
  if (![ppid, threads, rssBytes, ...nspid].every(Number.isSafeInteger) || nspid.length === 0) return null;
  return { state, ppid, uid, gid, nspid, threads, rssBytes };
}
