import { processStartTimeMs } from "./boot-time";
import { hostIdToNamespaceId, parseIdMap, type IdMapRange } from "./id-map";
import { parsePasswd } from "./passwd";
import type { ProcStatus } from "./parse-status";
import { readContainerFile, readProcText } from "./proc-files";
import type { MeasuredProcess } from "./read-process";
import type { ProcessRow } from "./types";

/** How a container translates host ids: its init's uid_map and gid_map, and its own user names. */
export interface ContainerIdentity {
  uidMap: IdMapRange[];
  gidMap: IdMapRange[];
  users: Map<number, string>;
}

/** Read once per refresh (the container may add users); null when init has exited. */
export function readContainerIdentity(procRoot: string, initPid: number): ContainerIdentity | null {
  const uidMap = readProcText(`${procRoot}/${initPid}/uid_map`);
  const gidMap = readProcText(`${procRoot}/${initPid}/gid_map`);
  if (uidMap === null || gidMap === null) return null;
  const passwd = readContainerFile(`${procRoot}/${initPid}/root`, "etc/passwd");
  return { uidMap: parseIdMap(uidMap), gidMap: parseIdMap(gidMap), users: parsePasswd(passwd ?? "") };
}

/**
 * The parent's PID as seen inside the child's namespace. A parent is in the
 * same namespace or an ancestor one (fork and reparenting never go upwards),
 * so an NSpid list as deep as the child's means the same namespace; a
 * shallower one means the parent is outside and the child sees 0, as getppid() does.
 */
export function insidePpid(child: ProcStatus, parent: ProcStatus | null): number {
  if (!parent || parent.nspid.length !== child.nspid.length) return 0;
  return parent.nspid.at(-1)!;
}

export function toProcessRow(
  process: MeasuredProcess,
  identity: ContainerIdentity | null,
  parent: ProcStatus | null,
  procRoot: string,
): ProcessRow {
  const { stat, status } = process;
  const uid = identity ? hostIdToNamespaceId(identity.uidMap, status.uid.effective) : null;
  return {
    hostPid: process.hostPid,
    pid: status.nspid.at(-1)!,
    hostPpid: stat.ppid,
    ppid: insidePpid(status, parent),
    hostUid: status.uid.effective,
    uid,
    user: uid === null ? null : (identity?.users.get(uid) ?? null),
    hostGid: status.gid.effective,
    gid: identity ? hostIdToNamespaceId(identity.gidMap, status.gid.effective) : null,
    state: stat.state,
    cpuPercent: process.cpuPercent,
    rssBytes: status.rssBytes,
    threads: stat.threads,
    startTime: processStartTimeMs(procRoot, stat.startTicks),
    command: process.command,
  };
}
