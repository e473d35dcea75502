import { isLxcError, runTool } from "../lxc";
import { backoffDelay } from "./backoff";
import { parseMonitorLine, type MonitorLine } from "./monitor-line";

/**
 * `lxc-monitor -P LXCPATH -n '.*'`, kept running: every state change and
 * exit of every container on the lxcpath, as it happens. When it exits (it
 * was killed, the tool is missing) the watcher says so and starts it again
 * after a backoff (1 s, 2 s ... 30 s; back to 1 s once a run lasted a
 * minute). Garbage lines and refused names are logged and skipped.
 */
export interface MonitorWatcherHooks {
  onEvent(line: Exclude<MonitorLine, { kind: "ignored" }>): void;
  /** lxc-monitor is running (again); `restarted` after the first time, when events may have been missed. */
  onUp(pid: number, restarted: boolean): void;
  onDown(problem: string): void;
  log?(message: string): void;
}

export interface MonitorWatcher {
  stop(): void;
  pid(): number | null;
}

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
const STABLE_RUN_MS = 60_000;

/**
 * Through setpriv (util-linux): the kernel kills lxc-monitor when the
 * dashboard dies, even by SIGKILL, so no orphaned monitor outlives it.
 */
export function monitorArgv(lxcpath: string): string[] {
  return ["setpriv", "--pdeathsig", "KILL", "lxc-monitor", "-P", lxcpath, "-n", ".*"];
}

export function startMonitorWatcher(lxcpath: string, hooks: MonitorWatcherHooks): MonitorWatcher {
  const log = hooks.log ?? ((m: string) => console.warn(`live: ${m}`));
  let stopped = false;
  let pid: number | null = null;
  let attempt = 0;
  let starts = 0;
  let retry: NodeJS.Timeout | undefined;
  let controller = new AbortController();

  const run = async (): Promise<void> => {
    if (stopped) return;
    controller = new AbortController();
    const startedAt = Date.now();
    let problem: string;
    try {
      const result = await runTool(monitorArgv(lxcpath), {
        signal: controller.signal,
        onSpawn: (p) => {
          pid = p;
          hooks.onUp(p, starts++ > 0);
        },
        onLine: (text, stream) => {
          if (stream === "stderr") return log(`lxc-monitor: ${text.slice(0, 300)}`);
          const line = parseMonitorLine(text);
          if (line.kind === "ignored") log(`ignored ${line.reason}`);
          else hooks.onEvent(line);
        },
      });
      const said = result.stderr.trim().slice(0, 200);
      problem = result.exitCode === 127 ? `lxc-monitor could not be started: ${said || "not installed"}` : `lxc-monitor exited (code ${result.exitCode})${said ? `: ${said}` : ""}`;
    } catch (err) {
      problem = isLxcError(err) ? err.message : `lxc-monitor could not be started: ${String(err)}`;
    }
    pid = null;
    if (stopped) return;
    if (Date.now() - startedAt >= STABLE_RUN_MS) attempt = 0;
    const delay = backoffDelay(attempt++, INITIAL_BACKOFF_MS, MAX_BACKOFF_MS);
    hooks.onDown(`${problem}; starting it again in ${Math.round(delay / 1000)} s`);
    log(problem);
    retry = setTimeout(() => void run(), delay);
    retry.unref();
  };
  void run();

  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      controller.abort();
    },
    pid: () => pid,
  };
}
