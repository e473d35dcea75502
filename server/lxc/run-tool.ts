import { spawn, spawnSync } from "node:child_process";
import { constants } from "node:os";
import { CommandFailed, ToolMissing } from "./errors";
import type { CommandResult } from "./types";

/**
 * The one place the adapter starts processes. Always an argument array, never
 * a shell. The runner is swappable so unit tests can fake the tools and count
 * every spawn.
 */

export type OutputStream = "stdout" | "stderr";

export interface RunOptions {
  /** Called with each output line as it arrives (a "\r" progress update counts as a line). */
  onLine?: (line: string, stream: OutputStream) => void;
  /**
   * Runs the tool in its own process group; aborting sends SIGTERM to the whole
   * group (templates trap it and remove their temporary files), then SIGKILL
   * after a grace period.
   */
  signal?: AbortSignal;
}

export interface ToolRunner {
  /** Resolves with any exit code; rejects only when the process cannot be started (err.code ENOENT...). */
  run(argv: readonly string[], options: RunOptions): Promise<CommandResult>;
  runSync(argv: readonly string[]): CommandResult;
}

const KILL_GRACE_MS = 5000;

// The dashboard's own environment holds secrets (database URL, session keys);
// templates run arbitrary scripts and need none of it.
const PASSED_ENV = ["PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"];
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function toolEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string> = { PATH: DEFAULT_PATH, LC_ALL: "C" };
  for (const key of PASSED_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  // Next's types declare NODE_ENV as always set; the tools get no NODE_ENV at all.
  return env as NodeJS.ProcessEnv;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/** Splits a stream into lines, keeping the unfinished tail until more data or the end. */
function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; end(): void } {
  let tail = "";
  const flush = (lines: string[]) => lines.filter((l) => l !== "").forEach(emit);
  return {
    push(chunk) {
      const parts = (tail + chunk).split(/\r\n|\n|\r/);
      tail = parts.pop() ?? "";
      flush(parts);
    },
    end() {
      flush([tail]);
      tail = "";
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export const defaultRunner: ToolRunner = {
  run(argv, { onLine, signal }) {
    return new Promise((resolve, reject) => {
      const [file, ...args] = argv;
      if (file === undefined) throw new TypeError("empty argv");
      const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: toolEnv(), detached: signal !== undefined });
      const out = { stdout: "", stderr: "" };
      let killTimer: NodeJS.Timeout | undefined;

      const onAbort = () => {
        if (child.pid === undefined) return;
        const pid = child.pid;
        killGroup(pid, "SIGTERM");
        killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), KILL_GRACE_MS);
      };

      for (const stream of ["stdout", "stderr"] as const) {
        const lines = lineSplitter((line) => onLine?.(line, stream));
        child[stream].setEncoding("utf8");
        child[stream].on("data", (chunk: string) => {
          out[stream] += chunk;
          lines.push(chunk);
        });
        child[stream].on("end", () => lines.end());
      }

      child.once("error", (err) => {
        signal?.removeEventListener("abort", onAbort);
        reject(err);
      });
      // "close" waits until every holder of the pipes (the template's children too) has exited.
      child.once("close", (code, sig) => {
        signal?.removeEventListener("abort", onAbort);
        clearTimeout(killTimer);
        // Nothing of a cancelled run may keep writing into what is about to be removed.
        if (signal?.aborted && child.pid !== undefined) killGroup(child.pid, "SIGKILL");
        resolve({ argv: [...argv], exitCode: exitCodeOf(code, sig), ...out });
      });

      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  },

  runSync(argv) {
    const [file, ...args] = argv;
    if (file === undefined) throw new TypeError("empty argv");
    const r = spawnSync(file, args, { encoding: "utf8", env: toolEnv() });
    if (r.error) throw r.error;
    return { argv: [...argv], exitCode: exitCodeOf(r.status, r.signal), stdout: r.stdout, stderr: r.stderr };
  },
};

let runner: ToolRunner = defaultRunner;

/** For tests: replace how tools are run; no argument restores the real runner. */
export function setToolRunner(replacement?: ToolRunner): void {
  runner = replacement ?? defaultRunner;
}

/** The apt command that installs a tool the adapter runs. */
function installCommand(tool: string): string {
  return tool.startsWith("lxc-") ? "apt-get install -y lxc" : "apt-get install -y coreutils";
}

function asToolMissing(argv: readonly string[], err: unknown): unknown {
  if ((err as NodeJS.ErrnoException | null)?.code !== "ENOENT") return err;
  const tool = argv[0] ?? "";
  return new ToolMissing(tool, installCommand(tool));
}

/** Runs a tool; any exit code resolves. Throws ToolMissing when it is not installed. */
export async function runTool(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  try {
    return await runner.run(argv, options);
  } catch (err) {
    throw asToolMissing(argv, err);
  }
}

/** Runs a tool and throws CommandFailed unless it exits 0. */
export async function runToolOrThrow(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const result = await runTool(argv, options);
  if (result.exitCode !== 0) throw new CommandFailed(argv, result.exitCode, result.stderr);
  return result;
}

/** Synchronous form for the one value needed before anything else (the lxcpath). */
export function runToolSyncOrThrow(argv: readonly string[]): CommandResult {
  let result: CommandResult;
  try {
    result = runner.runSync(argv);
  } catch (err) {
    throw asToolMissing(argv, err);
  }
  if (result.exitCode !== 0) throw new CommandFailed(argv, result.exitCode, result.stderr);
  return result;
}
