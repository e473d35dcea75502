import { z } from "zod";
import { containerNameProblem } from "./container-name";

/**
 * Port forwards: a port of the host's LAN addresses forwarded to a port of a
 * container. Shared by the server (server/forwards/) and the pages.
 */

export type ForwardProtocol = "tcp" | "udp";
export const FORWARD_PROTOCOLS: readonly ForwardProtocol[] = ["tcp", "udp"];

/**
 * How this dashboard forwards: nftables DNAT rules in a table of its own (as
 * root), or a TCP proxy inside the server (as a regular user, who can write
 * no firewall rule).
 */
export type ForwardMechanism = "nftables" | "proxy";

/** active: traffic flows; waiting: the container is stopped or has no address yet; failed: see reason. */
export type ForwardState = "active" | "waiting" | "failed";

export interface ForwardView {
  id: number;
  container: string;
  protocol: ForwardProtocol;
  hostPort: number;
  containerPort: number;
  createdBy: string;
  createdAt: string;
  state: ForwardState;
  /** "10.0.3.5:80" while active. */
  target: string | null;
  /** Why it waits or failed, in one sentence. */
  reason: string | null;
}

/** What a forward may use on this host. */
export interface ForwardLimits {
  mechanism: ForwardMechanism;
  protocols: readonly ForwardProtocol[];
  /** The lowest host port allowed (a regular user cannot bind below net.ipv4.ip_unprivileged_port_start). */
  minHostPort: number;
  /** The nftables table (root), for the page to name. */
  table: string | null;
  /** The user the dashboard runs as. */
  user: string;
  /** The host's own LAN addresses: where a forward is reached (localhost is not, through nftables). */
  hostAddresses: string[];
}

/** GET /api/forwards */
export interface ForwardsResponse {
  limits: ForwardLimits;
  forwards: ForwardView[];
}

export type ForwardField = "container" | "protocol" | "hostPort" | "containerPort";

/** The form's values, as typed. */
export interface ForwardInput {
  container: string;
  protocol: string;
  hostPort: string | number;
  containerPort: string | number;
}

export interface ForwardRequest {
  container: string;
  protocol: ForwardProtocol;
  hostPort: number;
  containerPort: number;
}

function port(what: string) {
  return z
    .union([z.number(), z.string().trim()])
    .transform((v) => (typeof v === "number" ? v : /^\d{1,5}$/.test(v) ? Number(v) : NaN))
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= 65535, `${what} is a whole number from 1 to 65535.`);
}

/**
 * The checks that need nothing but the limits: a name a container can have,
 * a protocol this mechanism forwards, ports in range (and at or above the
 * lowest a regular user may bind). The server adds what needs the host:
 * whether the port is free, whether the container has an address.
 */
export function forwardSchema(limits: Pick<ForwardLimits, "mechanism" | "protocols" | "minHostPort">) {
  const privileged = `The dashboard runs as a regular user, who cannot listen below port ${limits.minHostPort}; pick ${limits.minHostPort} or above.`;
  return z.object({
    container: z.string().superRefine((name, ctx) => {
      const problem = containerNameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    protocol: z.string().refine(
      (p) => (limits.protocols as readonly string[]).includes(p),
      limits.mechanism === "proxy"
        ? "The dashboard runs as a regular user and forwards TCP only (a proxy in the server); UDP needs root."
        : "Pick TCP or UDP.",
    ),
    // A range error already said what is wrong with a port that is no port at all.
    hostPort: port("The host port").refine((n) => !(n >= 1) || n >= limits.minHostPort, privileged),
    containerPort: port("The container port"),
  });
}

export type ForwardCheck = { ok: true; request: ForwardRequest } | { ok: false; fieldErrors: Partial<Record<ForwardField, string>> };

export function checkForwardInput(input: unknown, limits: Pick<ForwardLimits, "mechanism" | "protocols" | "minHostPort">): ForwardCheck {
  const r = forwardSchema(limits).safeParse(input);
  if (r.success) return { ok: true, request: { ...r.data, protocol: r.data.protocol as ForwardProtocol } };
  const fieldErrors: Partial<Record<ForwardField, string>> = {};
  for (const issue of r.error.issues) fieldErrors[String(issue.path[0]) as ForwardField] ??= issue.message;
  return { ok: false, fieldErrors };
}

/** "tcp 18080 → web:80", for toasts and audit rows. */
export function forwardSummary(f: Pick<ForwardRequest, "protocol" | "hostPort" | "container" | "containerPort">): string {
  return `${f.protocol} ${f.hostPort} → ${f.container}:${f.containerPort}`;
}

/** What the forward actions answer. */
export type ForwardActionResult =
  | { ok: true; message: string; forward: ForwardView }
  | { ok: false; error: string; fieldErrors: Partial<Record<ForwardField, string>> };
