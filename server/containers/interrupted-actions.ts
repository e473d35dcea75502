import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { containerNameProblem } from "@/lib/container-name";
import { listRunningAudits, markAuditInterrupted, type RunningAudit } from "../audit";
import { lxcPath } from "../lxc";

/**
 * At start, the audit rows still "running" were cut short by the last stop
 * (a crash, a kill -9, a power cut). Each becomes "interrupted", with what
 * was left and, where something needs a hand, the command that fixes it:
 * a half-made container (lxc-create cut short) is named with the command
 * that removes it, a destroy cut short says whether the container is still
 * there. A settings write is never half done (write-then-rename): the row
 * says so. Returns one line per row, for the server's log.
 */
export async function reportInterruptedActions(): Promise<string[]> {
  const lines: string[] = [];
  for (const row of await listRunningAudits()) {
    const detail = `the dashboard stopped while this ran; ${whatWasLeft(row)}`;
    await markAuditInterrupted(row.id, detail);
    lines.push(`Interrupted: ${row.action}${row.container ? ` of ${row.container}` : ""} (audit #${row.id}): ${detail}`);
  }
  return lines;
}

/** The lxcpath the command ran on (`-P DIR`), else the dashboard's. */
function lxcpathOf(command: string | null): string {
  const m = command ? /(?:^|\s)-P\s+(\S+)/.exec(command) : null;
  return m?.[1] ?? lxcPath();
}

export function whatWasLeft(row: RunningAudit): string {
  const name = row.container;
  if (!name || containerNameProblem(name)) return "nothing to check";
  const lxcpath = lxcpathOf(row.command);
  const dir = path.join(lxcpath, name);
  const configured = existsSync(path.join(dir, "config"));
  const there = existsSync(dir);
  switch (row.action) {
    case "create":
      if (!there) return `nothing of ${name} was left`;
      return configured
        ? `${name} was left in ${dir}, perhaps half-made; check it, or remove it with: lxc-destroy -P ${lxcpath} -n ${name} -f`
        : `a half-made ${name} (no config) was left in ${dir}; remove it with: rm -rf ${dir}`;
    case "destroy":
      if (!there) return `${name} is gone (the destroy had finished)`;
      return `${name} is still there, perhaps partly deleted; destroy it again: lxc-destroy -P ${lxcpath} -n ${name} -f`;
    case "settings":
      if (!configured) return `${name} no longer exists`;
      removeUnfinishedConfigs(dir);
      return `${dir}/config holds either the old or the new settings, never a mix (it is written whole, then renamed); see the Settings tab`;
    default:
      return there ? `check ${name}'s state on its page` : `${name} no longer exists`;
  }
}

/** The temporary file of a config write that was cut short before its rename (config-file.ts names them). */
function removeUnfinishedConfigs(dir: string): void {
  for (const entry of readdirSync(dir)) if (/^config\.[0-9a-f]{12}\.tmp$/.test(entry)) rmSync(path.join(dir, entry), { force: true });
}
