import { mkdtemp, readFile, rm, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { IdMapEntry } from "@/lib/container-types";
import { parseContainerConfig } from "../lxc/parse-container-config";
import { runTool } from "../lxc/run-tool";

/**
 * What `lxc-to-incus` will do with a classic container, found by its own
 * dry run (--dry-run --debug). lxc-to-incus refuses a container whose config
 * has a key it does not know (the busybox template's
 * lxc.apparmor.allow_nesting, say) and says so only as "Skipping container
 * 'NAME': Found unsupported config key 'K'", exiting 0. Such keys are left
 * out of a copy of the config in a temporary lxcpath that lxc-to-incus reads
 * instead (the rootfs is named by its absolute path, so it is the real one;
 * the classic container itself is not changed), and the plan lists them.
 */
export interface MigrationPlan {
  ok: boolean;
  /** The argv of the real run (no --dry-run), as the audit row shows it. */
  argv: string[];
  /** The dry run's output, line by line. */
  output: string[];
  /** The Incus create request lxc-to-incus printed (--debug), when it got that far. */
  request: unknown;
  /** Keys left out of the copy lxc-to-incus reads, with their lines. */
  dropped: { key: string; lines: string[] }[];
  /** Why it cannot be migrated (lxc-to-incus's words), when not ok. */
  problem: string | null;
  /** The classic container's idmap: Incus is told its rootfs is already shifted by it (volatile.last_state.idmap). */
  idmap: IdMapEntry[];
  /** The temporary lxcpath with the filtered config, to remove once done (null: the real lxcpath is read). */
  scratch: string | null;
}

const MAX_DROPPED = 8;
const UNSUPPORTED = /Found unsupported config key '([^']+)'/;

function skipReason(output: string, name: string): string | null {
  const line = output.split("\n").find((l) => l.startsWith(`Skipping container '${name}':`));
  return line ? line.slice(`Skipping container '${name}':`.length).trim() : null;
}

/** The JSON object lxc-to-incus prints after "Container config:" (--debug). */
function debugRequest(output: string): unknown {
  const at = output.indexOf("Container config:\n");
  if (at < 0) return null;
  const rest = output.slice(at + "Container config:\n".length);
  const end = rest.indexOf("\n}\n");
  if (end < 0) return null;
  try {
    return JSON.parse(rest.slice(0, end + 2));
  } catch {
    return null;
  }
}

/** `env INCUS_SOCKET=… lxc-to-incus --lxcpath P --containers NAME`: the daemon of the target's socket. */
export function migrateArgv(socketPath: string, lxcpath: string, name: string, dryRun: boolean): string[] {
  return ["env", `INCUS_SOCKET=${socketPath}`, "lxc-to-incus", "--lxcpath", lxcpath, "--containers", name, ...(dryRun ? ["--dry-run", "--debug"] : [])];
}

export async function planMigration(socketPath: string, lxcpath: string, name: string): Promise<MigrationPlan> {
  const configText = await readFile(path.join(lxcpath, name, "config"), "utf8");
  const idmap = parseContainerConfig(configText).idmap;
  const dropped: { key: string; lines: string[] }[] = [];
  let scratch: string | null = null;
  let readFrom = lxcpath;
  try {
    for (;;) {
      const argv = migrateArgv(socketPath, readFrom, name, true);
      const result = await runTool(argv);
      const output = `${result.stdout}${result.stderr}`;
      const reason = result.exitCode !== 0 ? output.trim().split("\n").at(-1) || `exit code ${result.exitCode}` : skipReason(output, name);
      const key = reason ? UNSUPPORTED.exec(reason)?.[1] : undefined;
      if (key && dropped.length < MAX_DROPPED && !dropped.some((d) => d.key === key)) {
        const lines = configText.split("\n").filter((l) => l.split("=")[0]?.trim() === key);
        dropped.push({ key, lines });
        scratch ??= await mkdtemp(path.join(tmpdir(), "lxcd-migrate-"));
        readFrom = scratch;
        const keys = new Set(dropped.map((d) => d.key));
        await mkdir(path.join(scratch, name), { recursive: true });
        await writeFile(path.join(scratch, name, "config"), configText.split("\n").filter((l) => !keys.has(l.split("=")[0]?.trim() ?? "")).join("\n"));
        continue;
      }
      return {
        ok: reason === null,
        argv: migrateArgv(socketPath, readFrom, name, false),
        output: output.split("\n").filter((l) => l.trim() !== ""),
        request: debugRequest(output),
        dropped,
        problem: reason,
        idmap,
        scratch,
      };
    }
  } catch (err) {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    throw err;
  }
}

/** Incus's idmap JSON (volatile.*.idmap) for a classic container's lxc.idmap lines. */
export function incusIdmapJson(idmap: readonly IdMapEntry[]): string {
  return JSON.stringify(idmap.map((e) => ({ Isuid: e.kind === "u", Isgid: e.kind === "g", Hostid: e.hostId, Nsid: e.containerId, Maprange: e.count })));
}
