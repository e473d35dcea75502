import { rm } from "node:fs/promises";
import { incusNameProblem } from "@/lib/container-name";
import { formatArgv } from "@/lib/create-command";
import { startAuditedOperation } from "../containers/audited-operation";
import { refused, type StartOperationResult } from "../containers/start-result";
import type { Who } from "../containers/who";
import { incusSync } from "../incus/rest";
import { containerState } from "../live";
import { CommandFailed, lxcPath, runTool, validContainerName, withContainerLock } from "../lxc";
import { formatRestCall, incusPaths, withProject } from "./incus-paths";
import { planMigration, incusIdmapJson, type MigrationPlan } from "./migrate-plan";
import { hostEntry, type HostEntry } from "./registry";

export interface MigrationPreview {
  ok: true;
  target: string;
  /** The commands the real run will be: lxc-to-incus, then telling Incus how the rootfs is owned. */
  commands: string[];
  output: string[];
  request: unknown;
  dropped: { key: string; lines: string[] }[];
  problem: string | null;
  runnable: boolean;
}

type Checked = { entry: HostEntry; socketPath: string } | { refusal: StartOperationResult };

/** Everything that must hold before lxc-to-incus runs, each refusal at its field. */
async function check(name: string, target: string): Promise<Checked> {
  const n = validContainerName(name);
  const entry = await hostEntry(target);
  if (!entry) return { refusal: refused("target", `There is no host named ${target}.`) };
  if (entry.record.endpoint.kind !== "unix") {
    return { refusal: refused("target", `lxc-to-incus moves containers into the Incus daemon on this machine only; ${target} is remote.`) };
  }
  const row = await containerState(n);
  if (!row) return { refusal: refused("name", `There is no classic container named ${n}.`) };
  if (row.state !== "STOPPED") return { refusal: refused("name", `Stop ${n} first: lxc-to-incus moves stopped containers only (it is ${row.state}).`) };
  const incusProblem = incusNameProblem(n);
  if (incusProblem) return { refusal: refused("name", `${n} is not a valid Incus name: ${incusProblem}`) };
  if (entry.store.get(n)) return { refusal: refused("name", `${target} already has a container named ${n}.`) };
  return { entry, socketPath: entry.record.endpoint.socketPath };
}

function idmapCall(entry: HostEntry, name: string, plan: MigrationPlan) {
  if (plan.idmap.length === 0) return null;
  const path = withProject(incusPaths.instance(name), entry.record.project);
  return { path, body: { config: { "volatile.last_state.idmap": incusIdmapJson(plan.idmap) } } };
}

function commandsOf(entry: HostEntry, name: string, plan: MigrationPlan): string[] {
  const patch = idmapCall(entry, name, plan);
  return [formatArgv(plan.argv), ...(patch ? [formatRestCall("PATCH", patch.path, patch.body)] : [])];
}

/** lxc-to-incus's dry run for `name` into `target`: what it will do, or why it cannot. Changes nothing. */
export async function previewMigration(name: string, target: string): Promise<MigrationPreview | StartOperationResult> {
  const checked = await check(name, target);
  if ("refusal" in checked) return checked.refusal;
  const plan = await planMigration(checked.socketPath, lxcPath(), name);
  if (plan.scratch) await rm(plan.scratch, { recursive: true, force: true });
  return {
    ok: true,
    target,
    commands: commandsOf(checked.entry, name, plan),
    output: plan.output,
    request: plan.request,
    dropped: plan.dropped,
    problem: plan.problem,
    runnable: plan.ok,
  };
}

/**
 * Moves a stopped classic container into this machine's Incus: the dry run
 * again (it must still pass), lxc-to-incus for real (its output streamed),
 * then Incus told that the rootfs is already owned through the classic
 * container's idmap (volatile.last_state.idmap), so its first start keeps
 * every file's owner instead of shifting them again. The classic container
 * is kept, stopped; one audit row holds both commands.
 */
export async function startMigration(who: Who, name: string, target: string): Promise<StartOperationResult> {
  const checked = await check(name, target);
  if ("refusal" in checked) return checked.refusal;
  const { entry, socketPath } = checked;
  const plan = await planMigration(socketPath, lxcPath(), name);
  if (!plan.ok) {
    if (plan.scratch) await rm(plan.scratch, { recursive: true, force: true });
    return refused("name", `lxc-to-incus would not move ${name}: ${plan.problem}`);
  }
  const op = startAuditedOperation(
    { who, container: name, action: "migrate to incus", command: commandsOf(entry, name, plan).join("; "), cancelled: `Moving ${name} to ${target} was cancelled.` },
    (ctx) =>
      withContainerLock(name, "migrating", async () => {
        try {
          entry.store.noteAction(name, who.actor, "before");
          const result = await runTool(plan.argv, { signal: ctx.signal, onLine: (text, stream) => ctx.line(stream, text) });
          const output = `${result.stdout}${result.stderr}`;
          const skipped = output.split("\n").find((l) => l.startsWith(`Skipping container '${name}':`));
          if (result.exitCode !== 0 || skipped) throw new CommandFailed(plan.argv, result.exitCode || 1, skipped ?? result.stderr);
          const patch = idmapCall(entry, name, plan);
          if (patch) {
            ctx.line("stdout", formatRestCall("PATCH", patch.path, patch.body));
            await incusSync(entry.record.endpoint, "PATCH", patch.path, patch.body);
          }
          await entry.store.refresh(name);
          return `${name} now lives on ${target} (Incus); the classic container is kept, stopped`;
        } finally {
          entry.store.noteAction(name, who.actor, "after");
          if (plan.scratch) await rm(plan.scratch, { recursive: true, force: true });
        }
      }),
  );
  return { ok: true, operationId: op.id };
}
