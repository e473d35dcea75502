import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/**
 * The container's state as `lxc-info -sH` prints it ("RUNNING", "STOPPED"...),
 * or null when there is no such container. Other failures (lxc-info missing,
 * a timeout) throw: they say nothing about the container.
 */
export async function readContainerState(lxcpath: string, container: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync("lxc-info", ["-P", lxcpath, "-n", container, "-sH"], { timeout: 10_000 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    if (typeof stderr === "string" && stderr.includes("doesn't exist")) return null;
    throw error;
  }
}
