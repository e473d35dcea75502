import { access } from "node:fs/promises";
import { buildCreateArgv, parseCreateRequest } from "@/lib/create-command";
import type { ImageChoices } from "@/lib/image-choices";
import { setAutostart } from "./autostart";
import { withContainerLock } from "./container-lock";
import { CommandFailed, ContainerExists, InvalidName, InvalidOption, OperationCancelled } from "./errors";
import { startContainer } from "./lifecycle";
import { notifyLifecycle } from "./lifecycle-notices";
import { containerDir, containerExists, lxcPath } from "./lxc-path";
import { removeTree } from "./remove-tree";
import { runTool, type OutputStream } from "./run-tool";
import type { CommandResult, CreateRequest } from "./types";
import { ensureUnprivilegedConfig } from "./unprivileged-config";

export interface CreateHooks {
  onLine(line: string, stream: OutputStream): void;
  signal: AbortSignal;
  /** The download images the caller read (fixed list, index, cache); without it, the fixed list only. */
  images?: ImageChoices;
}

/** The request, if the form's schema accepts it; InvalidName / InvalidOption (with its field) otherwise. */
export function validateCreateRequest(input: unknown, images?: ImageChoices): CreateRequest {
  const r = parseCreateRequest(input, images);
  if (r.ok) return r.request;
  if (r.field === "name") throw new InvalidName(r.message);
  throw new InvalidOption(r.field, r.message);
}

/** The lxc-create argv for a valid request; writes the unprivileged base config when it is needed. */
export async function createArgv(request: CreateRequest): Promise<string[]> {
  const unprivilegedConfigPath = request.unprivileged ? (await ensureUnprivilegedConfig()).path : "";
  return buildCreateArgv(request, { lxcpath: lxcPath(), unprivilegedConfigPath });
}

// lxc-create's own refusal when the name was taken after our check (by a shell, not by
// us: we hold the lock). That container is not ours to remove.
const TAKEN_MEANWHILE = /Container already exists/;

/**
 * Creates a container as an operation: the request is validated before
 * anything runs, an existing name is refused, lxc-create's output streams
 * line by line, and a failed or cancelled create leaves nothing behind. Then
 * autostart is set and the container started, when asked.
 */
export async function createContainer(input: CreateRequest, hooks: CreateHooks): Promise<CommandResult> {
  const request = validateCreateRequest(input, hooks.images);
  const { name } = request;
  const cancelled = () => new OperationCancelled(`creating ${name}`);
  if (hooks.signal.aborted) throw cancelled();

  return withContainerLock(name, "creating", async () => {
    if (await containerExists(name)) throw new ContainerExists(name);
    const argv = await createArgv(request);
    if (hooks.signal.aborted) throw cancelled();

    notifyLifecycle({ lxcpath: lxcPath(), name, action: "create", phase: "before" });
    const result = await runTool(argv, { onLine: hooks.onLine, signal: hooks.signal });
    notifyLifecycle({ lxcpath: lxcPath(), name, action: "create", phase: "after", ok: result.exitCode === 0 && !hooks.signal.aborted });
    if (hooks.signal.aborted) {
      await removeHalfMadeContainer(name, hooks.onLine);
      throw cancelled();
    }
    if (result.exitCode !== 0) {
      if (TAKEN_MEANWHILE.test(result.stderr)) throw new ContainerExists(name);
      await removeHalfMadeContainer(name, hooks.onLine);
      throw new CommandFailed(argv, result.exitCode, result.stderr);
    }
    if (request.autostart) await setAutostart(name, true);
    if (request.start) await startContainer(name);
    return result;
  });
}

async function pathExists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/**
 * Removes what an unfinished lxc-create left: lxc-destroy first (it knows the
 * backing store and the idmap), then the directory itself when lxc-destroy
 * cannot (no config written yet). Only ever called for a name that did not
 * exist before this create.
 */
export async function removeHalfMadeContainer(name: string, onLine: CreateHooks["onLine"]): Promise<void> {
  const dir = containerDir(name);
  if (!(await pathExists(dir))) return;
  onLine(`Removing the half-made container ${name}`, "stderr");
  await runTool(["lxc-destroy", "-P", lxcPath(), "-n", name]);
  if (!(await pathExists(dir))) return;
  await removeTree(dir);
}
