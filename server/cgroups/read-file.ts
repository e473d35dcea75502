import { existsSync } from "node:fs";
import path from "node:path";
import { readProcText } from "../processes/procfs/proc-files";
import { available, unavailable, type CgroupDir, type Reading } from "./types";

/**
 * The text of one counter file, or why not: the cgroup is gone (the
 * container stopped), the file is missing (a controller or feature not
 * enabled there), or the kernel refused (permissions). Never throws, so one
 * odd container cannot stop the sampler. Sync: a few microseconds per file
 * (see server/processes/procfs/proc-files.ts).
 */
export function readCgroupFile(cgroup: CgroupDir, file: string, missing?: string): Reading<string> {
  const full = path.join(cgroup.dir, file);
  // A file a cgroup directory lacks (memsw without swap accounting) is not looked for every round.
  const absent = ABSENT.get(cgroup);
  if (absent?.has(file)) return unavailable(`${full} does not exist${missing ? `: ${missing}` : ""}`);
  try {
    const text = readProcText(full, 16 * 1024);
    if (text !== null) return available(text);
  } catch (error) {
    return unavailable(`${full} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!existsSync(cgroup.dir)) return unavailable(`its cgroup ${cgroup.dir} is gone (the container stopped)`);
  if (absent) absent.add(file);
  else ABSENT.set(cgroup, new Set([file]));
  return unavailable(`${full} does not exist${missing ? `: ${missing}` : ""}`);
}

/** Files found missing in a cgroup directory (kept as long as the directory's object: one container run). */
const ABSENT = new WeakMap<CgroupDir, Set<string>>();

/** A counter file parsed, or why not (the file's own reason, or that its content was not understood). */
export function readParsed<T>(cgroup: CgroupDir, file: string, parse: (text: string) => T | null | undefined, missing?: string): Reading<T> {
  const text = readCgroupFile(cgroup, file, missing);
  if (!text.ok) return text;
  const value = parse(text.value);
  return value === null || value === undefined
    ? unavailable(`${path.join(cgroup.dir, file)} holds something unexpected: ${JSON.stringify(text.value.slice(0, 80))}`)
    : available(value);
}
