import { UnexpectedOutput } from "./errors";
import { readPid, readState, splitAddresses } from "./parse-fields";
import type { LxcInfo } from "./types";

/**
 * Parses `lxc-info -H` ("Key:   value" lines; one "IP:" line per address;
 * indented lines belong to the "Link:" above them and are skipped; a "Link:"
 * names the host end of a veth). A stopped
 * container has only Name and State.
 */
export function parseLxcInfo(stdout: string): LxcInfo {
  const values = new Map<string, string[]>();
  for (const line of stdout.split("\n")) {
    const m = /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    values.set(key, [...(values.get(key) ?? []), value.trim()]);
  }
  const first = (key: string) => values.get(key)?.[0] ?? "";
  const name = first("Name");
  const state = readState(first("State"));
  if (!name || !state) throw new UnexpectedOutput("lxc-info", "no Name or State line");
  const memory = first("Memory use");
  return {
    name,
    state,
    pid: readPid(first("PID")),
    ...splitAddresses(values.get("IP") ?? []),
    memoryBytes: /^\d+$/.test(memory) ? Number(memory) : null,
    links: (values.get("Link") ?? []).filter(Boolean),
  };
}
