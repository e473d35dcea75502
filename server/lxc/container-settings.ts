import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { totalmem } from "node:os";
import {
  checkSettings,
  parseCpuList,
  settingKeys,
  type CgroupVersion,
  type HostLimits,
  type SettingField,
  type SettingsContext,
  type SettingsValues,
} from "@/lib/container-settings";
import { diffLines, hasChanges, type DiffLine } from "@/lib/line-diff";
import { applyConfigEdits, replaceConfigFile, type ConfigEdit } from "./config-file";
import { withContainerLockIfFree } from "./container-lock";
import { CommandFailed, ContainerNotFound } from "./errors";
import { containerConfigPath, containerExists, lxcPath } from "./lxc-path";
import { configEntries } from "./parse-container-config";
import { runTool } from "./run-tool";
import type { ContainerState } from "./types";
import { validContainerName } from "./validate-name";

/**
 * Container settings: read from the container's config file, checked against
 * the host, shown as a diff, and written (on a stopped container only, under
 * its lock) by editing exactly the lines of the keys that changed.
 */

// ---- the host ----

/** Which hierarchy holds each controller: a v1 mount naming it, else the cgroup2 mount's cgroup.controllers. */
export function cgroupVersions(mounts: string, unifiedControllers: string | null): HostLimits["cgroup"] {
  const v1 = new Set<string>();
  for (const line of mounts.split("\n")) {
    const [, , type, options = ""] = line.split(" ");
    if (type === "cgroup") for (const option of options.split(",")) v1.add(option);
  }
  const v2 = new Set((unifiedControllers ?? "").split(/\s+/).filter(Boolean));
  const versionOf = (controller: string): CgroupVersion | null => (v1.has(controller) ? "v1" : v2.has(controller) ? "v2" : null);
  return { memory: versionOf("memory"), cpu: versionOf("cpu"), cpuset: versionOf("cpuset") };
}

async function readOr(file: string, fallback: string): Promise<string> {
  return readFile(file, "utf8").catch(() => fallback);
}

async function bridges(): Promise<string[]> {
  const names = await readdir("/sys/class/net").catch(() => [] as string[]);
  const found = await Promise.all(
    names.map(async (name) => ((await stat(`/sys/class/net/${name}/bridge`).catch(() => null))?.isDirectory() ? name : null)),
  );
  return found.filter((n): n is string => n !== null).sort();
}

/** The host as the settings checks need it: RAM, online CPUs, bridges, cgroup layout. */
export async function hostLimits(): Promise<HostLimits> {
  const mounts = await readOr("/proc/self/mounts", "");
  const unifiedMount = mounts
    .split("\n")
    .map((l) => l.split(" "))
    .find((f) => f[2] === "cgroup2")?.[1];
  const unified = unifiedMount ? await readOr(`${unifiedMount}/cgroup.controllers`, "") : null;
  return {
    memoryBytes: totalmem(),
    cpus: parseCpuList(await readOr("/sys/devices/system/cpu/online", "")) ?? [],
    bridges: await bridges(),
    cgroup: cgroupVersions(mounts, unified),
  };
}

// ---- the config file ----

/** The current values of the settings fields in a config text (the last line of a key wins, as in LXC). */
export function settingsFromConfig(configText: string, limits: HostLimits): { values: SettingsValues; networkType: string | null } {
  const entries = configEntries(configText);
  const last = (key: string | null) => (key ? (entries.filter((e) => e.key === key).at(-1)?.value ?? "") : "");
  const keys = settingKeys(limits.cgroup);
  return {
    values: {
      autostart: last(keys.autostart) === "1",
      startDelay: last(keys.startDelay),
      startOrder: last(keys.startOrder),
      memoryLimit: last(keys.memoryLimit),
      cpuShares: last(keys.cpuShares),
      cpuSet: last(keys.cpuSet),
      networkLink: last(keys.networkLink),
    },
    networkType: last("lxc.net.0.type") || null,
  };
}

/** The edits that turn `current` into `wanted`: only fields that changed, each as its host's key. */
export function settingsEdits(current: SettingsValues, wanted: SettingsValues, limits: HostLimits): ConfigEdit[] {
  const keys = settingKeys(limits.cgroup);
  const edits: ConfigEdit[] = [];
  for (const field of Object.keys(keys) as SettingField[]) {
    const key = keys[field];
    if (key === null || current[field] === wanted[field]) continue;
    const value = field === "autostart" ? (wanted.autostart ? "1" : "0") : (wanted[field] as string);
    edits.push({ key, value: value === "" ? null : value });
  }
  return edits;
}

/** "lxc.start.auto: 0 → 1; lxc.cgroup.memory.limit_in_bytes: (not set) → 512M", for the audit log. */
export function describeEdits(edits: readonly ConfigEdit[], before: string): string {
  const entries = configEntries(before);
  return edits
    .map(({ key, value }) => `${key}: ${entries.filter((e) => e.key === key).at(-1)?.value ?? "(not set)"} → ${value ?? "(not set)"}`)
    .join("; ");
}

export function fingerprintOf(configText: string): string {
  return createHash("sha256").update(configText).digest("hex");
}

// ---- reading and writing ----

export interface ContainerSettings extends SettingsContext {
  name: string;
  state: ContainerState;
  configPath: string;
  /** Of the config text these values were read from; a write must name it. */
  fingerprint: string;
}

/** A change that is not made; `fieldErrors` says which fields, when it is about them. */
export class SettingsRefused extends Error {
  override name = "SettingsRefused";
  constructor(
    message: string,
    readonly fieldErrors: Partial<Record<SettingField, string>> = {},
  ) {
    super(message);
  }
}

async function readConfig(name: string): Promise<{ configPath: string; text: string }> {
  const configPath = containerConfigPath(name);
  const text = await readFile(configPath, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") throw new ContainerNotFound(name);
    throw err;
  });
  return { configPath, text };
}

/** The container's state from `lxc-info -s -H`. */
export async function containerState(name: string): Promise<ContainerState> {
  const argv = ["lxc-info", "-P", lxcPath(), "-n", name, "-s", "-H"];
  const result = await runTool(argv);
  if (result.exitCode === 0) return result.stdout.trim() as ContainerState;
  if (!(await containerExists(name))) throw new ContainerNotFound(name);
  throw new CommandFailed(argv, result.exitCode, result.stderr);
}

/**
 * The settings as the config file has them, with the container's state from
 * `stateOf` (lxc-info by default; the Settings page passes the live state in
 * memory, server/containers/settings-view.ts).
 */
export async function readContainerSettings(name: string, stateOf: (name: string) => Promise<ContainerState> = containerState): Promise<ContainerSettings> {
  const n = validContainerName(name);
  const { configPath, text } = await readConfig(n);
  const [limits, state] = await Promise.all([hostLimits(), stateOf(n)]);
  const { values, networkType } = settingsFromConfig(text, limits);
  return { name: n, state, configPath, limits, current: values, networkType, fingerprint: fingerprintOf(text) };
}

export interface SettingsPlan {
  configPath: string;
  edits: ConfigEdit[];
  diff: DiffLine[];
  /** Of the config text the diff was made from. */
  fingerprint: string;
  description: string;
  before: string;
  after: string;
}

/** What writing `input` would change, as a diff; SettingsRefused for refused fields or no change at all. */
export async function planSettings(name: string, input: unknown): Promise<SettingsPlan> {
  const n = validContainerName(name);
  const [{ configPath, text }, limits] = await Promise.all([readConfig(n), hostLimits()]);
  const { values: current, networkType } = settingsFromConfig(text, limits);
  const checked = checkSettings(input, { limits, current, networkType });
  if (!checked.ok) throw new SettingsRefused("Some settings are out of range; see the fields.", checked.fieldErrors);
  const edits = settingsEdits(current, checked.values, limits);
  const after = applyConfigEdits(text, edits);
  const diff = diffLines(text, after);
  if (!hasChanges(diff)) throw new SettingsRefused("Nothing to change: these are the settings the config already has.");
  return { configPath, edits, diff, fingerprint: fingerprintOf(text), description: describeEdits(edits, text), before: text, after };
}

/**
 * Writes the change `input` makes, when the container is stopped and its
 * config is still the one the person reviewed (`fingerprint`). Under the
 * container's lock (refused if another operation holds it); written to a
 * temporary file beside the config and renamed over it, keeping its mode and owner.
 */
export async function writeSettings(name: string, input: unknown, fingerprint: string): Promise<SettingsPlan> {
  const n = validContainerName(name);
  return withContainerLockIfFree(n, "changing settings", async () => {
    const state = await containerState(n);
    if (state !== "STOPPED") throw new SettingsRefused(`${n} is ${state.toLowerCase()}; stop it before changing its settings.`);
    const plan = await planSettings(n, input);
    if (plan.fingerprint !== fingerprint) {
      throw new SettingsRefused(`${n}'s config file changed since the diff was shown; review the change again.`);
    }
    await replaceConfigFile(plan.configPath, plan.after);
    return plan;
  });
}
