import { z } from "zod";
import type { ContainerSummary } from "./container-types";
import { containerNameProblem, incusNameProblem } from "./container-name";

/**
 * Hosts (targets): this machine's classic LXC, always there, and any Incus
 * daemons an admin adds: the local one on its unix socket, remote servers
 * and clusters over HTTPS. Shared by the server and the browser.
 */

/** The classic LXC of this machine: the target every container without one lives on. */
export const LOCAL_HOST = "local";

export type HostKind = "lxc" | "incus";
export type HostTransport = "lxcpath" | "socket" | "https";

/** A target's name: what the Host column and the URLs show. */
export const hostNameSchema = z
  .string({ error: "Enter a name for the host." })
  .min(1, "Enter a name for the host.")
  .max(32, "A host name has at most 32 characters.")
  .regex(/^[a-z0-9-]+$/, "Use only lowercase letters, digits and '-'.")
  .refine((s) => !s.startsWith("-") && !s.endsWith("-"), "A host name cannot start or end with '-'.")
  .refine((s) => s !== LOCAL_HOST, `"${LOCAL_HOST}" is this machine's classic LXC; choose another name.`);

export function hostNameProblem(name: unknown): string | null {
  const r = hostNameSchema.safeParse(name);
  return r.success ? null : (r.error.issues[0]?.message ?? "Invalid host name.");
}

export interface HostMember {
  name: string;
  /** "Online", "Evacuated", "Offline"… as Incus says. */
  status: string;
  message: string;
  url: string;
}

/** How a target answered its last check, and whether its event stream is open. */
export interface HostHealth {
  /** ok; or why not: not reached, another certificate than the pinned one, an error answer; "checking" before the first look. */
  state: "ok" | "unreachable" | "certificate" | "refused" | "checking";
  /** The sentence that says what is wrong; null when ok. */
  problem: string | null;
  /** "LXC 5.0.2", "Incus 6.0.4". */
  version: string | null;
  clustered: boolean;
  members: HostMember[];
  /** The live feed (lxc-monitor, Incus's /1.0/events): up, or why it is down. */
  stream: { up: boolean; problem: string | null };
  /** When the last check ran (ISO), null before. */
  checkedAt: string | null;
  /** How many containers it holds, as the list shows them. */
  containers: number;
}

export interface HostSummary {
  name: string;
  kind: HostKind;
  transport: HostTransport;
  /** The lxcpath, the socket path, or https://ADDRESS:PORT. */
  address: string;
  /** The pinned server certificate's SHA-256 fingerprint (https only). */
  fingerprint: string | null;
  project: string | null;
  addedBy: string | null;
  health: HostHealth;
}

/** What the container list needs of each host: the Host column shows only with more than one. */
export interface ListHost {
  name: string;
  kind: HostKind;
  streamUp: boolean;
  /** Why its rows may be out of date (the stream down, the host not reached); null when they are current. */
  problem: string | null;
}

/** The key of a container across hosts: NAME for this machine's classic LXC, TARGET/NAME elsewhere (names never hold '/'). */
export function containerKey(c: Pick<ContainerSummary, "name" | "target">): string {
  return c.target ? `${c.target}/${c.name}` : c.name;
}

/** The page of a container: classic URLs stay /containers/NAME; others name their host. */
export function containerHref(c: Pick<ContainerSummary, "name" | "target">, tab = ""): string {
  const base = c.target
    ? `/hosts/${encodeURIComponent(c.target)}/containers/${encodeURIComponent(c.name)}`
    : `/containers/${encodeURIComponent(c.name)}`;
  return tab ? `${base}/${tab}` : base;
}

/** "web" or "web on lab (member m2)", for sentences. */
export function containerLabel(c: Pick<ContainerSummary, "name" | "target" | "member">): string {
  if (!c.target) return c.name;
  return `${c.name} on ${c.target}${c.member ? ` (${c.member})` : ""}`;
}

/**
 * What a terminal (or a ticket) may name: a classic container (NAME, the
 * classic rule) or an Incus one (TARGET/NAME, the host's rule and Incus's).
 */
export function containerKeyProblem(key: unknown): string | null {
  if (typeof key !== "string") return "Enter a container name.";
  const slash = key.indexOf("/");
  if (slash < 0) return containerNameProblem(key);
  return hostNameProblem(key.slice(0, slash)) ?? incusNameProblem(key.slice(slash + 1));
}

/** TARGET/NAME → { target, name }; NAME → { name }. */
export function parseContainerKey(key: string): { name: string; target?: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { name: key } : { target: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** GET /api/hosts/TARGET/containers/NAME: an Incus container's page. */
export interface HostContainerDetail extends ContainerSummary {
  target: string;
  member: string | null;
  /** Incus's own status word ("Running", "Stopped"…). */
  status: string;
  architecture: string;
  createdAt: string;
  lastUsedAt: string | null;
  description: string;
  /** The image it was made from (its description), when Incus recorded one. */
  image: string | null;
  profiles: string[];
  /** Its own config keys (volatile ones left out), sorted. */
  config: [string, string][];
  /** Its devices after profiles are applied: name → type and the key details. */
  devices: { name: string; type: string; detail: string }[];
  snapshots: number;
  /** Whether its daemon runs on this machine (processes from /proc) or elsewhere (from `ps` inside). */
  local: boolean;
  clustered: boolean;
  busy: string | null;
}

/** What the create form of an Incus host offers: its images and, for a cluster, its members. */
export interface HostCreateOptions {
  images: { fingerprint: string; aliases: string[]; description: string; architecture: string; size: number }[];
  clustered: boolean;
  members: HostMember[];
}

export interface HostCreateInput {
  name: string;
  /** An alias or a fingerprint of one of the host's images. */
  image: string;
  /** A cluster member ("" or absent: Incus chooses). */
  member?: string;
  start: boolean;
}

/** The create request (POST /1.0/instances[?target=MEMBER]) the form previews and the server sends. */
export function hostCreateCall(input: HostCreateInput, fingerprint: string | null): { method: "POST"; path: string; body: Record<string, unknown> } {
  const image = fingerprint ? { type: "image", fingerprint } : { type: "image", alias: input.image };
  return {
    method: "POST",
    path: input.member ? `/1.0/instances?target=${encodeURIComponent(input.member)}` : "/1.0/instances",
    body: { name: input.name, type: "container", source: image, start: input.start },
  };
}

/** One snapshot of an Incus container (GET …/snapshots?recursion=1). */
export interface HostSnapshot {
  name: string;
  createdAt: string;
  stateful: boolean;
  /** Bytes on disk, when the storage driver tells. */
  sizeBytes: number | null;
}

/**
 * Incus's rule for a snapshot's name (the part after "NAME/"): anything but
 * spaces and '/', at most 63 characters here. Empty: Incus names it snapN.
 */
export function snapshotNameProblem(name: string): string | null {
  if (name === "") return null;
  if (/[\s/]/.test(name)) return "A snapshot name cannot contain spaces or '/'.";
  if (name.length > 63) return "A snapshot name has at most 63 characters.";
  return null;
}
