import type { ProcCgroupEntry } from "./types";

/**
 * /proc/PID/cgroup, one line per hierarchy: "ID:CONTROLLERS:PATH". v1 lines
 * name their controllers ("4:memory:/lxc.payload.web", "1:name=systemd:/..."),
 * the v2 line has none ("0::/lxc.payload.web"). A path may hold ":"; it is
 * everything after the second one.
 */
export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  const entries: ProcCgroupEntry[] = [];
  for (const line of text.split("\n")) {
    const first = line.indexOf(":");
    const second = first < 0 ? -1 : line.indexOf(":", first + 1);
    if (second < 0) continue;
    const id = Number(line.slice(0, first));
    const path = line.slice(second + 1);
    if (!Number.isInteger(id) || !path.startsWith("/")) continue;
    const controllers = line.slice(first + 1, second).split(",").filter((c) => c !== "");
    entries.push({ id, controllers, path });
  }
  return entries;
}
