import { isAbsolute } from "node:path";
import type { ActionResult } from "@/lib/api-types";
import { hostNameProblem } from "@/lib/hosts";
import { runAuditedAction } from "../containers/audited-action";
import type { Who } from "../containers/who";
import { makeClientCertificate } from "../incus/client-certificate";
import { certificateFingerprint, DEFAULT_INCUS_SOCKET, type HttpsEndpoint, type IncusEndpoint } from "../incus/endpoint";
import type { HostRefused } from "../incus/errors";
import { incusSync } from "../incus/rest";
import { presentedCertificate } from "../incus/server-certificate";
import { addressUrl, decodeTrustToken } from "../incus/trust-token";
import { InvalidOption, isLxcError } from "../lxc/errors";
import type { IncusServerInfo } from "../incus/api-types";
import { checkIncusHealth } from "./health";
import { formatRestCall, incusPaths } from "./incus-paths";
import { attachHost, detachHost, hostEntry } from "./registry";
import { deleteTarget, findTarget, saveTarget } from "./target-store";

export interface AddLocalInput {
  name: string;
  socketPath?: string;
}

export interface AddRemoteInput {
  name: string;
  /** The trust token from `incus config trust add NAME` on the server. */
  token: string;
  /** An address to use instead of the token's (host:port), e.g. when the token names only addresses this machine cannot reach. */
  address?: string;
}

async function nameRefusal(name: string): Promise<ActionResult | null> {
  const problem = hostNameProblem(name);
  if (problem) return { ok: false, error: problem, field: "name" };
  if (await findTarget(name)) return { ok: false, error: `A host named ${name} is already added.`, field: "name" };
  return null;
}

/** The local Incus daemon, through its unix socket (root, or a user in incus-admin). */
export async function addLocalIncus(who: Who, input: AddLocalInput): Promise<ActionResult> {
  const refused = await nameRefusal(input.name);
  if (refused) return refused;
  const socketPath = input.socketPath?.trim() || DEFAULT_INCUS_SOCKET;
  if (!isAbsolute(socketPath)) return { ok: false, error: "Give the socket's absolute path, e.g. /var/lib/incus/unix.socket.", field: "socketPath" };
  const endpoint: IncusEndpoint = { kind: "unix", host: input.name, socketPath };
  return runAuditedAction(who, { action: "add host", container: null, command: `${formatRestCall("GET", incusPaths.server())} (unix socket ${socketPath})` }, async () => {
    let info: IncusServerInfo;
    try {
      info = await incusSync<IncusServerInfo>(endpoint, "GET", incusPaths.server(), undefined, { timeoutMs: 5000 });
    } catch (err) {
      throw asField(err, "socketPath");
    }
    const record = await saveTarget({ name: input.name, addedBy: who.actor, socket: { path: socketPath } });
    attachHost(record);
    return `${input.name} added: Incus ${info.environment?.server_version ?? ""} on this machine`.trim();
  });
}

/**
 * A remote Incus server or cluster, the way `incus remote add` does it with
 * a trust token: the certificate each address presents is compared with the
 * token's fingerprint before anything is sent (another one: refused, saying
 * which); then, pinned to it, the dashboard presents the token's secret
 * with a client certificate it has just made, which the server adds to its
 * trust store. The certificate and key are kept server-side, in the target's row.
 */
export async function addRemoteIncus(who: Who, input: AddRemoteInput): Promise<ActionResult> {
  const refused = await nameRefusal(input.name);
  if (refused) return refused;
  const decoded = decodeTrustToken(input.token);
  if (!decoded.ok) return { ok: false, error: decoded.problem, field: "token" };
  const token = decoded.token;
  const addresses = input.address?.trim() ? [input.address.trim()] : token.addresses;
  const body = { trust_token: "(the token's secret)" };
  const firstUrl = addressUrl(addresses[0]!);
  return runAuditedAction(
    who,
    { action: "add host", container: null, command: formatRestCall("POST", `${firstUrl}${incusPaths.certificates()}`, body) },
    async () => {
      const tried: string[] = [];
      for (const address of addresses) {
        const url = addressUrl(address);
        if (!/^https:\/\/[^/]+$/.test(url)) throw new InvalidOption("address", `"${address}" is not an address (host:port).`);
        const presented = await presentedCertificate(url);
        if (!presented) {
          tried.push(url);
          continue;
        }
        if (presented.fingerprint !== token.fingerprint) {
          throw new InvalidOption(
            input.address ? "address" : "token",
            `${url} presented a certificate with fingerprint ${presented.fingerprint}, not the ${token.fingerprint} the trust token names; nothing was sent to it.`,
          );
        }
        const client = await makeClientCertificate(input.name);
        const endpoint: HttpsEndpoint = {
          kind: "https",
          host: input.name,
          url,
          serverCertificate: presented.pem,
          fingerprint: presented.fingerprint,
          clientCertificate: client.certificate,
          clientKey: client.key,
        };
        try {
          await incusSync(endpoint, "POST", incusPaths.certificates(), { trust_token: input.token.trim(), type: "client" }, { timeoutMs: 15_000 });
        } catch (err) {
          if (isLxcError(err) && err.code === "HOST_REFUSED") {
            throw new InvalidOption("token", `${url} did not accept the trust token (${(err as HostRefused).incusError || "refused"}); it may be used already or expired: make a new one.`);
          }
          throw err;
        }
        const health = await checkIncusHealth(input.name, endpoint);
        const record = await saveTarget({
          name: input.name,
          addedBy: who.actor,
          https: { url, serverCertificate: presented.pem, fingerprint: presented.fingerprint, clientCertificate: client.certificate, clientKey: client.key },
        });
        attachHost(record, health);
        return `${input.name} added: ${health.version ?? "Incus"} at ${url}${health.clustered ? `, a cluster of ${health.members.length}` : ""}`;
      }
      throw new InvalidOption(input.address ? "address" : "token", `None of the addresses could be reached (${tried.join(", ")}); give one this machine can reach.`);
    },
  );
}

/** Removes a target: its containers leave the list (they are not touched); a remote one is asked to forget our certificate. */
export async function removeHost(who: Who, name: string): Promise<ActionResult> {
  const entry = await hostEntry(name);
  if (!entry) return { ok: false, error: `There is no host named ${name}.` };
  const { endpoint } = entry.record;
  const ours = endpoint.kind === "https" ? certificateFingerprint(endpoint.clientCertificate) : null;
  const command = ours ? formatRestCall("DELETE", `${endpoint.kind === "https" ? endpoint.url : ""}${incusPaths.certificate(ours)}`) : `(forget ${entry.record.address})`;
  return runAuditedAction(who, { action: "remove host", container: null, command }, async () => {
    let note = "";
    if (ours) {
      try {
        await incusSync(endpoint, "DELETE", incusPaths.certificate(ours), undefined, { timeoutMs: 5000 });
      } catch (err) {
        note = `; ${name} could not be told to forget the dashboard's certificate (${isLxcError(err) ? err.message : String(err)}), remove it there with: incus config trust remove ${ours.slice(0, 12)}`;
      }
    }
    await deleteTarget(name);
    detachHost(name);
    return `${name} removed${note}`;
  });
}

/** A transport failure while adding, as the field it is about. */
function asField(err: unknown, field: string): unknown {
  if (isLxcError(err) && err.code !== "HOST_REFUSED") return new InvalidOption(field, err.message);
  return err;
}
