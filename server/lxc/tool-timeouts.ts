/**
 * How long each lxc tool that must not hang may run before runTool stops it
 * (a wedged monitor, a stuck cgroup freeze, a hung mount): a typed error
 * instead of a request, and the container's lock, held for ever.
 *
 * LXC_TOOL_TIMEOUT_SECONDS (default 60) is the base; lxc-stop gets its own
 * `-t` on top of it (a clean shutdown may take that long), lxc-wait its `-t`,
 * and lxc-destroy five times the base (a large rootfs takes a while to
 * delete). Tools not listed (lxc-create, which streams and is cancelled by
 * its user; lxc-attach; lxc-monitor, which runs for ever; snapshot and copy
 * work that grows with the rootfs) run without a limit unless their caller
 * passes one.
 */
const DEFAULT_BASE_SECONDS = 60;

const MUST_NOT_HANG = new Set(["lxc-info", "lxc-ls", "lxc-config", "lxc-start", "lxc-stop", "lxc-freeze", "lxc-unfreeze", "lxc-destroy", "lxc-wait", "lxc-checkconfig", "lxc-cgroup"]);

export function baseTimeoutSeconds(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.LXC_TOOL_TIMEOUT_SECONDS;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 86_400 ? n : DEFAULT_BASE_SECONDS;
}

/** The `-t N` an lxc-stop or lxc-wait was given, or 0. */
function ownTimeoutSeconds(argv: readonly string[]): number {
  const i = argv.indexOf("-t");
  const n = i >= 0 ? Number(argv[i + 1]) : 0;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Milliseconds `argv` may run, or undefined for a tool with no limit. */
export function toolTimeoutMs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): number | undefined {
  const tool = argv[0] ?? "";
  if (!MUST_NOT_HANG.has(tool)) return undefined;
  const base = baseTimeoutSeconds(env);
  const seconds = tool === "lxc-destroy" ? base * 5 : tool === "lxc-stop" || tool === "lxc-wait" ? base + ownTimeoutSeconds(argv) : base;
  return seconds * 1000;
}
