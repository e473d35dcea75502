import { CommandFailed } from "../lxc/errors";
import { runTool } from "../lxc/run-tool";

/**
 * The container's state as `lxc-info -sH` prints it ("RUNNING", "STOPPED"...),
 * or null when there is no such container. Other failures (lxc-info missing,
 * a timeout) throw: they say nothing about the container. Spawned through
 * run-tool, the one place that runs tools.
 */
export async function readContainerState(lxcpath: string, container: string): Promise<string | null> {
  const argv = ["lxc-info", "-P", lxcpath, "-n", container, "-sH"];
  const result = await runTool(argv, { timeoutMs: 10_000 });
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.stderr.includes("doesn't exist")) return null;
  throw new CommandFailed(argv, result.exitCode, result.stderr);
}
