import type { LxcError } from "../lxc";

/** Exit code and stderr of a failed command, for its audit row. */
export function failureFields(err: LxcError, fallbackStderr: string | null = null) {
  const failed = err.code === "COMMAND_FAILED" ? (err as LxcError & { exitCode: number; stderr: string }) : null;
  return { exitCode: failed?.exitCode ?? null, stderr: failed?.stderr ?? fallbackStderr, detail: err.message };
}
