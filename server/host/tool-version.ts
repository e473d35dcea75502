import { isLxcError } from "../lxc/errors";
import { runTool } from "../lxc/run-tool";

/** What `argv` (a --version call) prints, trimmed; null when the tool is not installed or fails. */
export async function toolVersion(argv: readonly string[]): Promise<string | null> {
  try {
    const { exitCode, stdout } = await runTool(argv);
    return exitCode === 0 ? stdout.trim() : null;
  } catch (err) {
    if (isLxcError(err) && err.code === "TOOL_MISSING") return null;
    throw err;
  }
}
