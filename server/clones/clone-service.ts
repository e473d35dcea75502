import { cloneFlags, cloneRequestSchema, type CloneRequest } from "@/lib/clone-schemas";
import { containerNameProblem } from "@/lib/container-name";
import {
  CommandFailed,
  containerExists,
  containerInfo,
  ContainerExists,
  ContainerNotFound,
  formatArgv,
  lxcPath,
  OperationCancelled,
  removeHalfMadeContainer,
  runTool,
  validContainerName,
  withContainerLocks,
  type OutputStream,
} from "../lxc";
import { startAuditedOperation } from "../containers/audited-operation";
import { refused, schemaRefusal, type StartOperationResult } from "../containers/start-result";
import type { Who } from "../containers/who";

/**
 * lxc-copy gives the clone its own name (lxc.uts.name) and new MAC addresses
 * for every lxc.net.N.hwaddr (we never pass -K or -M), so the clone gets its
 * own DHCP address and can run beside its source.
 */
export function cloneArgv(name: string, request: CloneRequest): string[] {
  return ["lxc-copy", "-P", lxcPath(), "-n", validContainerName(name), "-N", validContainerName(request.newName), ...cloneFlags(request)];
}

/** Runs lxc-copy under both names' locks; a failed or cancelled copy leaves no half-made clone. */
export function cloneContainer(
  name: string,
  request: CloneRequest,
  hooks: { onLine(line: string, stream: OutputStream): void; signal: AbortSignal },
): Promise<void> {
  const argv = cloneArgv(name, request);
  return withContainerLocks([name, request.newName], "cloning", async () => {
    if (!(await containerExists(name))) throw new ContainerNotFound(name);
    if (await containerExists(request.newName)) throw new ContainerExists(request.newName);
    const result = await runTool(argv, { onLine: hooks.onLine, signal: hooks.signal });
    if (hooks.signal.aborted || result.exitCode !== 0) {
      await removeHalfMadeContainer(request.newName, hooks.onLine);
      if (hooks.signal.aborted) throw new OperationCancelled(`cloning ${name}`);
      throw new CommandFailed(argv, result.exitCode, result.stderr);
    }
  });
}

/** The clone form's request: each field checked (a taken name, a running source without -a) before lxc-copy runs. */
export async function startClone(who: Who, name: string, input: unknown): Promise<StartOperationResult> {
  const problem = containerNameProblem(name);
  if (problem) return refused("name", problem);
  if (!(await containerExists(name))) return refused("name", `container ${name} no longer exists`);
  const parsed = cloneRequestSchema.safeParse(input);
  if (!parsed.success) return schemaRefusal(parsed.error);
  const request = parsed.data;
  if (await containerExists(request.newName)) return refused("newName", `A container named ${request.newName} already exists.`);
  const { state } = await containerInfo(name);
  if (state !== "STOPPED" && !request.whileRunning) {
    return refused("whileRunning", `${name} is running: stop it first for a consistent copy, or tick “Copy while it runs”.`);
  }

  const op = startAuditedOperation(
    {
      who,
      container: request.newName,
      action: "clone",
      command: formatArgv(cloneArgv(name, request)),
      cancelled: `Cloning ${name} as ${request.newName} was cancelled; nothing was left behind.`,
    },
    async (ctx) => {
      await cloneContainer(name, request, { onLine: (text, stream) => ctx.line(stream, text), signal: ctx.signal });
      return `${name} cloned as ${request.newName}`;
    },
  );
  return { ok: true, operationId: op.id };
}
