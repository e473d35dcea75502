import type { HostHealth, HostMember } from "@/lib/hosts";
import type { IncusClusterMember, IncusServerInfo } from "../incus/api-types";
import type { IncusEndpoint } from "../incus/endpoint";
import { isLxcError } from "../lxc/errors";
import { incusSync } from "../incus/rest";
import { incusPaths } from "./incus-paths";

export type CheckedHealth = Pick<HostHealth, "state" | "problem" | "version" | "clustered" | "members" | "checkedAt">;

/** The health fields for an error, by what kind of failure it was. */
export function healthOfError(err: unknown): CheckedHealth {
  const code = isLxcError(err) ? err.code : null;
  const state = code === "HOST_UNREACHABLE" ? "unreachable" : code === "HOST_CERTIFICATE_MISMATCH" ? "certificate" : "refused";
  const problem = err instanceof Error ? err.message : String(err);
  return { state, problem, version: null, clustered: false, members: [], checkedAt: new Date().toISOString() };
}

/**
 * Looks at an Incus target: does it answer, does it still trust the
 * dashboard's certificate, which version, and, for a cluster, its members and
 * their state. Never throws: a failure is the answer's state and sentence.
 */
export async function checkIncusHealth(name: string, endpoint: IncusEndpoint): Promise<CheckedHealth> {
  try {
    const info = await incusSync<IncusServerInfo>(endpoint, "GET", incusPaths.server(), undefined, { timeoutMs: 5000 });
    const version = info.environment?.server_version ? `Incus ${info.environment.server_version}` : "Incus";
    if (info.auth !== "trusted") {
      return {
        state: "refused",
        problem: `${name} no longer trusts the dashboard's certificate; remove it here and add it again with a new trust token`,
        version,
        clustered: false,
        members: [],
        checkedAt: new Date().toISOString(),
      };
    }
    const clustered = info.environment?.server_clustered === true;
    const members: HostMember[] = clustered
      ? (await incusSync<IncusClusterMember[]>(endpoint, "GET", `${incusPaths.members()}?recursion=1`, undefined, { timeoutMs: 5000 })).map((m) => ({
          name: m.server_name,
          status: m.status,
          message: m.message,
          url: m.url,
        }))
      : [];
    return { state: "ok", problem: null, version, clustered, members, checkedAt: new Date().toISOString() };
  } catch (err) {
    return healthOfError(err);
  }
}
