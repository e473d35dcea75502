import { z } from "zod";

/**
 * The container settings an admin may change, as validated fields, never raw
 * config text. Every field is checked against the host it will run on (its
 * RAM, its online CPUs, its bridges, which cgroup version holds each
 * controller), in the browser as the person types and again on the server
 * before anything is written. An empty text field means "not set": its
 * config lines are removed and LXC's default applies.
 */

export type CgroupVersion = "v1" | "v2";

/** What the host offers, read by the server (server/lxc/container-settings.ts). */
export interface HostLimits {
  /** Host RAM in bytes: a memory limit must be below it. */
  memoryBytes: number;
  /** Online CPUs (/sys/devices/system/cpu/online). */
  cpus: number[];
  /** Bridges that exist (/sys/class/net/NAME/bridge). */
  bridges: string[];
  /** Which cgroup hierarchy holds each controller here; null when none does. */
  cgroup: { memory: CgroupVersion | null; cpu: CgroupVersion | null; cpuset: CgroupVersion | null };
}

/** The form's values; text fields as typed ("" = not set). */
export interface SettingsValues {
  autostart: boolean;
  /** lxc.start.delay: seconds to wait after starting this container before the next one. */
  startDelay: string;
  /** lxc.start.order: lower starts earlier. */
  startOrder: string;
  /** Memory limit such as 512M. */
  memoryLimit: string;
  /** cpu.shares (cgroup v1) or cpu.weight (v2). */
  cpuShares: string;
  /** CPUs the container may run on, such as 0 or 0-1. */
  cpuSet: string;
  /** The bridge of the first network interface (lxc.net.0.link). */
  networkLink: string;
}

export type SettingField = keyof SettingsValues;

/** The config key of each field on this host; null when the host has no controller for it. */
export function settingKeys(cgroup: HostLimits["cgroup"]): Record<SettingField, string | null> {
  const v = (version: CgroupVersion | null, v1: string, v2: string) => (version === "v1" ? v1 : version === "v2" ? v2 : null);
  return {
    autostart: "lxc.start.auto",
    startDelay: "lxc.start.delay",
    startOrder: "lxc.start.order",
    memoryLimit: v(cgroup.memory, "lxc.cgroup.memory.limit_in_bytes", "lxc.cgroup2.memory.max"),
    cpuShares: v(cgroup.cpu, "lxc.cgroup.cpu.shares", "lxc.cgroup2.cpu.weight"),
    cpuSet: v(cgroup.cpuset, "lxc.cgroup.cpuset.cpus", "lxc.cgroup2.cpuset.cpus"),
    networkLink: "lxc.net.0.link",
  };
}

/** The range of CPU shares the host's cpu controller takes: cpu.shares (v1) or cpu.weight (v2). */
export function cpuSharesRange(version: CgroupVersion | null): { min: number; max: number; default: number } {
  return version === "v2" ? { min: 1, max: 10000, default: 100 } : { min: 2, max: 262144, default: 1024 };
}

const MIN_MEMORY_BYTES = 4 * 1024 * 1024;
const UNITS: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "512M" → 536870912 (the suffixes cgroups take, powers of 1024); null when it is not such a size. */
export function parseMemorySize(text: string): number | null {
  const m = /^(\d{1,15})([KMGT]?)$/i.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * UNITS[m[2]!.toUpperCase()]!;
}

/** "0-2,5" → [0, 1, 2, 5]; null when it is not a CPU list (or a range runs backwards). */
export function parseCpuList(text: string): number[] | null {
  const t = text.trim();
  if (!/^\d{1,4}(-\d{1,4})?(,\d{1,4}(-\d{1,4})?)*$/.test(t)) return null;
  const cpus = new Set<number>();
  for (const part of t.split(",")) {
    const [from, to = from] = part.split("-").map(Number) as [number, number?];
    if (to < from) return null;
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** [0, 1, 2, 5] → "0-2,5", the form the kernel prints. */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}-${sorted[i]}`);
  }
  return parts.join(",");
}

function formatGiB(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** What the checks need to know about the container besides the host. */
export interface SettingsContext {
  limits: HostLimits;
  /** The values its config has now: an unchanged field is never refused (e.g. a link to a bridge since removed). */
  current: SettingsValues;
  /** lxc.net.0.type; the link can be changed for a veth interface only. */
  networkType: string | null;
}

function integerIn(min: number, max: number, what: string) {
  return z
    .string()
    .trim()
    .refine((s) => s === "" || (/^-?\d{1,7}$/.test(s) && Number(s) >= min && Number(s) <= max), `${what} is a whole number from ${min} to ${max}.`)
    .transform((s) => (s === "" ? "" : String(Number(s))));
}

/** The schema of the form for this container on this host; its output is the normalised values. */
export function settingsSchema({ limits, current, networkType }: SettingsContext) {
  const shares = cpuSharesRange(limits.cgroup.cpu);
  const unset = (field: SettingField, key: "memory" | "cpu" | "cpuset") => (s: string) =>
    s === "" || limits.cgroup[key] !== null || s === current[field];
  return z.object({
    autostart: z.boolean(),
    startDelay: integerIn(0, 3600, "The delay"),
    startOrder: integerIn(-1000, 1000, "The order"),
    memoryLimit: z
      .string()
      .trim()
      .refine(unset("memoryLimit", "memory"), "This host has no memory cgroup controller, so no limit can be set.")
      .superRefine((s, ctx) => {
        if (s === "" || s === current.memoryLimit) return;
        const bytes = parseMemorySize(s);
        if (bytes === null) ctx.addIssue({ code: "custom", message: "Enter a size such as 512M or 2G (K, M, G, T are powers of 1024)." });
        else if (bytes < MIN_MEMORY_BYTES) ctx.addIssue({ code: "custom", message: "A container needs at least 4M; leave the field empty for no limit." });
        else if (bytes >= limits.memoryBytes) {
          ctx.addIssue({ code: "custom", message: `The host has ${formatGiB(limits.memoryBytes)} of RAM; enter less, or leave the field empty for no limit.` });
        }
      })
      .transform((s) => s.toUpperCase()),
    cpuShares: integerIn(shares.min, shares.max, "CPU shares").refine(
      unset("cpuShares", "cpu"),
      "This host has no cpu cgroup controller, so no shares can be set.",
    ),
    cpuSet: z
      .string()
      .trim()
      .refine(unset("cpuSet", "cpuset"), "This host has no cpuset cgroup controller.")
      .superRefine((s, ctx) => {
        if (s === "" || s === current.cpuSet) return;
        const cpus = parseCpuList(s);
        const online = formatCpuList(limits.cpus);
        if (cpus === null) ctx.addIssue({ code: "custom", message: "Enter CPUs such as 0, 0-1 or 0,2." });
        else {
          const missing = cpus.filter((cpu) => !limits.cpus.includes(cpu));
          if (missing.length > 0) {
            ctx.addIssue({
              code: "custom",
              message: `This host has no CPU ${formatCpuList(missing)}; the CPUs online are ${online}.`,
            });
          }
        }
      })
      .transform((s) => (s === "" || s === current.cpuSet ? s : formatCpuList(parseCpuList(s) ?? []))),
    networkLink: z
      .string()
      .trim()
      .superRefine((s, ctx) => {
        if (s === current.networkLink) return;
        if (networkType !== "veth") {
          ctx.addIssue({ code: "custom", message: "The link can be changed for a veth network interface only." });
        } else if (!limits.bridges.includes(s)) {
          ctx.addIssue({
            code: "custom",
            message: s === "" ? "A veth interface needs a bridge." : `There is no bridge named ${s} on this host.`,
          });
        }
      }),
  });
}

export type SettingsCheck = { ok: true; values: SettingsValues } | { ok: false; fieldErrors: Partial<Record<SettingField, string>> };

/** The normalised values, or one message per refused field. */
export function checkSettings(input: unknown, context: SettingsContext): SettingsCheck {
  const r = settingsSchema(context).safeParse(input);
  if (r.success) return { ok: true, values: r.data };
  const fieldErrors: Partial<Record<SettingField, string>> = {};
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? "autostart") as SettingField;
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

/** What the settings page's actions answer. */
export type SettingsActionResult<T> =
  | ({ ok: true } & T)
  | { ok: false; error: string; fieldErrors: Partial<Record<SettingField, string>> };
