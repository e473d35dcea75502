import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/**
 * The real Incus daemon of this machine (scripts/setup-host.sh --incus
 * installs, starts and initialises it, with the `busybox` image), driven by
 * its own CLI for set-up and clean-up: what the tests change, they undo
 * (instances, trust entries and tokens, core.https_address).
 */
export const INCUS_SOCKET = "/var/lib/incus/unix.socket";
export const INCUS_IMAGE = "busybox";

export function incus(...args: string[]): string {
  return execFileSync("incus", args, { encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/**
 * The first three octets of the bridge the default profile's nic is on
 * ("10.99.0."): setup-incus.sh takes 10.99.0.0/24 unless a route of the
 * host covers it, so a test reads what it took.
 */
export function bridgePrefix(): string {
  const profile = JSON.parse(incus("query", "/1.0/profiles/default")) as { devices: Record<string, { type?: string; network?: string }> };
  const network = Object.values(profile.devices).find((d) => d.type === "nic" && d.network)?.network;
  if (!network) throw new Error("the default profile has no nic on a managed network");
  const address = incus("network", "get", network, "ipv4.address").trim();
  const m = /^(\d+\.\d+\.\d+\.)\d+\/24$/.exec(address);
  if (!m) throw new Error(`${network} has ipv4.address "${address}", not a /24`);
  return m[1]!;
}

/** Deletes instances (stopping them first), ignoring those already gone. */
export function removeInstances(names: readonly string[]): void {
  for (const name of names) {
    try {
      incus("delete", "--force", name);
    } catch {
      // Never made, or already deleted by the test.
    }
  }
}

export function instanceNames(): string[] {
  return incus("list", "--format", "csv", "--columns", "n").split("\n").filter(Boolean);
}

/** Sets core.https_address for the test; the returned function puts back what was there. */
export function listenOnHttps(address: string): () => void {
  const before = incus("config", "get", "core.https_address").trim();
  incus("config", "set", "core.https_address", address);
  return () => {
    if (before) incus("config", "set", "core.https_address", before);
    else incus("config", "unset", "core.https_address");
  };
}

/** A trust token for a new client, as `incus config trust add NAME` prints it. */
export function trustToken(clientName: string): string {
  const out = incus("config", "trust", "add", clientName);
  const token = out.trim().split("\n").at(-1)?.trim() ?? "";
  if (!/^[A-Za-z0-9+/=]+$/.test(token)) throw new Error(`no token in: ${out}`);
  return token;
}

/** Deletes a token nobody used (ignoring one already used or gone). */
export function revokeToken(clientName: string): void {
  try {
    incus("config", "trust", "revoke-token", clientName);
  } catch {
    // Used, or never made.
  }
}

/** The fingerprints of every certificate the daemon trusts. */
export function trustedFingerprints(): string[] {
  const list = JSON.parse(incus("query", "/1.0/certificates?recursion=1")) as { fingerprint: string }[] | null;
  return (list ?? []).map((c) => c.fingerprint);
}

/** Resolves when `probe` holds, looking every 20 ms; rejects after `timeoutMs` naming `what`. */
export async function eventually<T>(timeoutMs: number, what: string, probe: () => T | Promise<T>): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() - t0 > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
