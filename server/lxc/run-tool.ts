import { spawn, spawnSync } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants } from "node:os";
import { CommandFailed, ToolMissing, ToolTimedOut } from "./errors";
import { toolTimeoutMs } from "./tool-timeouts";
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
  /**
   * Stops the tool's process group (SIGTERM, then SIGKILL after a grace
   * period) once it has run this long; the result then has `timedOut`.
   * runTool sets one for the tools that must not hang (tool-timeouts.ts).
   */
  timeoutMs?: number;
  /** Called once the process has started, with its PID (a long-lived watcher reports it on /host). */
  onSpawn?: (pid: number) => void;
}

export interface PipeOptions {
  /** Fed to the tool's standard input (closed at once without it). */
  stdin?: Readable;
  /**
   * Where the tool's standard output goes, bytes as they are (an archive, say): a stream, ended when the
   * tool's output ends, or an open file descriptor the tool writes to itself (no copy through this process).
   */
  stdout: Writable | number;
  /** Each line of standard error as it arrives. */
  onLine?: (line: string) => void;
  /** Aborting ends the tool's process group, as for run(). */
  signal?: AbortSignal;
}

export interface ToolRunner {
  /** Resolves with any exit code; rejects only when the process cannot be started (err.code ENOENT...). */
  run(argv: readonly string[], options: RunOptions): Promise<CommandResult>;
  runSync(argv: readonly string[]): CommandResult;
  /**
   * Streams bytes through a tool (tar, zstd): stdin from a stream, stdout into
   * one. Resolves with the exit code and stderr once the tool has exited and
   * its output is written; rejects when the tool cannot start or a stream fails
   * (a full disk: the error of the stdout stream).
   */
  pipe?(argv: readonly string[], options: PipeOptions): Promise<CommandResult>;
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

/**
 * Every tool runs in /, not in the server's working directory: what runs as
 * another user or as a user namespace's root (lxc-usernsexec tar for a
 * backup) cannot enter a checkout under /root (mode 0700), and GNU tar gives
 * up at once when it cannot open the directory it started in. No tool is
 * given a relative path.
 */
export const TOOL_CWD = "/";

export const defaultRunner: ToolRunner = {
  run(argv, { onLine, signal, timeoutMs, onSpawn }) {
    return new Promise((resolve, reject) => {
      const [file, ...args] = argv;
      if (file === undefined) throw new TypeError("empty argv");
      // In a group of its own when it may have to be stopped, so what it started stops too.
      const detached = signal !== undefined || timeoutMs !== undefined;
      const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: toolEnv(), detached, cwd: TOOL_CWD });
      const out = { stdout: "", stderr: "" };
      let killTimer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const deadline =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              onAbort();
            }, timeoutMs);
      child.once("spawn", () => child.pid !== undefined && onSpawn?.(child.pid));

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
        clearTimeout(deadline);
        reject(err);
      });
      // "close" waits until every holder of the pipes (the template's children too) has exited.
      child.once("close", (code, sig) => {
        signal?.removeEventListener("abort", onAbort);
        clearTimeout(killTimer);
        clearTimeout(deadline);
        // Nothing of a cancelled or stopped run may keep writing into what is about to be removed.
        if ((signal?.aborted || timedOut) && child.pid !== undefined) killGroup(child.pid, "SIGKILL");
        resolve({ argv: [...argv], exitCode: exitCodeOf(code, sig), ...out, ...(timedOut ? { timedOut } : {}) });
      });

      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  },

  pipe(argv, { stdin, stdout, onLine, signal }) {
    const [file, ...args] = argv;
    if (file === undefined) throw new TypeError("empty argv");
    const child = spawn(file, args, { stdio: [stdin ? "pipe" : "ignore", typeof stdout === "number" ? stdout : "pipe", "pipe"], env: toolEnv(), detached: true, cwd: TOOL_CWD });
    const childErr = child.stderr!;
    let stderr = "";
    const lines = lineSplitter((line) => onLine?.(line));
    childErr.setEncoding("utf8");
    childErr.on("data", (chunk: string) => {
      stderr += chunk;
      lines.push(chunk);
    });
    childErr.on("end", () => lines.end());
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      killGroup(pid, "SIGTERM");
      killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), KILL_GRACE_MS);
    };
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });

    const exited = new Promise<CommandResult>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, sig) => resolve({ argv: [...argv], exitCode: exitCodeOf(code, sig), stdout: "", stderr }));
    });
    // A tool that exits before reading all its input (zstd on a file that is not zstd) closes
    // the pipe: its exit code says why, so a broken stdin pipe is not an error of its own.
    if (stdin && child.stdin) {
      pipeline(stdin, child.stdin).catch(() => stdin.destroy());
    }
    // A failing output stream (a full disk) ends the tool too, so nothing waits on a pipe no one reads.
    const flows =
      typeof stdout === "number"
        ? Promise.resolve()
        : pipeline(child.stdout!, stdout).catch((err: unknown) => {
            stop();
            throw err;
          });
    return Promise.all([exited, flows]).then(
      ([result]) => result,
      async (err: unknown) => {
        await exited.catch(() => undefined);
        throw err;
      },
    ).finally(() => {
      signal?.removeEventListener("abort", stop);
      clearTimeout(killTimer);
    });
  },

  runSync(argv) {
    const [file, ...args] = argv;
    if (file === undefined) throw new TypeError("empty argv");
    const timeout = toolTimeoutMs(argv);
    const r = spawnSync(file, args, { encoding: "utf8", env: toolEnv(), timeout, killSignal: "SIGKILL", cwd: TOOL_CWD });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw new ToolTimedOut(argv, Math.round((timeout ?? 0) / 1000));
    if (r.error) throw r.error;
    return { argv: [...argv], exitCode: exitCodeOf(r.status, r.signal), stdout: r.stdout, stderr: r.stderr };
  },
};

let runner: ToolRunner = defaultRunner;

/** For tests: replace how tools are run; no argument restores the real runner. */
export function setToolRunner(replacement?: ToolRunner): void {
  runner = replacement ?? defaultRunner;
}

/** The Debian package of each tool outside lxc and coreutils that the server runs. */
const PACKAGE_OF: Record<string, string> = { nft: "nftables", ip: "iproute2", zstd: "zstd", tar: "tar", "lxc-usernsexec": "lxc" };

/** The apt command that installs a tool the adapter runs. */
function installCommand(tool: string): string {
  return `apt-get install -y ${tool.startsWith("lxc-") ? "lxc" : (PACKAGE_OF[tool] ?? "coreutils")}`;
}

function asToolMissing(argv: readonly string[], err: unknown): unknown {
  if ((err as NodeJS.ErrnoException | null)?.code !== "ENOENT") return err;
  const tool = argv[0] ?? "";
  return new ToolMissing(tool, installCommand(tool));
}

/**
 * Runs a tool; any exit code resolves. Throws ToolMissing when it is not
 * installed, and ToolTimedOut when a tool that must not hang ran past its
 * time (tool-timeouts.ts) and was stopped.
 */
export async function runTool(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? toolTimeoutMs(argv);
  let result: CommandResult;
  try {
    result = await runner.run(argv, timeoutMs === undefined ? options : { ...options, timeoutMs });
  } catch (err) {
    throw asToolMissing(argv, err);
  }
  if (result.timedOut) throw new ToolTimedOut(argv, Math.round((timeoutMs ?? 0) / 1000));
  return result;
}

/** Streams bytes through a tool (see ToolRunner.pipe); any exit code resolves. Throws ToolMissing when it is not installed. */
export async function runToolPiped(argv: readonly string[], options: PipeOptions): Promise<CommandResult> {
  if (!runner.pipe) throw new Error("this tool runner cannot stream bytes through a tool");
  try {
    return await runner.pipe(argv, options);
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
