import type { HostTransport } from "@/lib/hosts";
import { db } from "../db";
import type { IncusEndpoint } from "../incus/endpoint";

/**
 * The Incus targets an admin added (Prisma's HostTarget). The row holds the
 * client key: only this module reads it, to make an endpoint; what goes to a
 * browser is made from TargetRecord (no secrets) by the registry.
 */
export interface TargetRecord {
  id: number;
  name: string;
  transport: Exclude<HostTransport, "lxcpath">;
  address: string;
  project: string;
  fingerprint: string | null;
  addedBy: string;
  createdAt: Date;
  endpoint: IncusEndpoint;
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["hostTarget"]["findMany"]>>[number];

function recordOf(row: Row): TargetRecord {
  const transport = row.kind === "incus-https" ? "https" : "socket";
  const endpoint: IncusEndpoint =
    transport === "https"
      ? {
          kind: "https",
          host: row.name,
          url: row.address,
          serverCertificate: row.serverCertificate ?? "",
          fingerprint: row.serverFingerprint ?? "",
          clientCertificate: row.clientCertificate ?? "",
          clientKey: row.clientKey ?? "",
        }
      : { kind: "unix", host: row.name, socketPath: row.address };
  return {
    id: row.id,
    name: row.name,
    transport,
    address: row.address,
    project: row.project,
    fingerprint: row.serverFingerprint,
    addedBy: row.addedBy,
    createdAt: row.createdAt,
    endpoint,
  };
}

export async function listTargets(): Promise<TargetRecord[]> {
  return (await db().hostTarget.findMany({ orderBy: { name: "asc" } })).map(recordOf);
}

export async function findTarget(name: string): Promise<TargetRecord | null> {
  const row = await db().hostTarget.findUnique({ where: { name } });
  return row ? recordOf(row) : null;
}

export interface NewTarget {
  name: string;
  addedBy: string;
  project?: string;
  socket?: { path: string };
  https?: { url: string; serverCertificate: string; fingerprint: string; clientCertificate: string; clientKey: string };
}

export async function saveTarget(t: NewTarget): Promise<TargetRecord> {
  const row = await db().hostTarget.create({
    data: {
      name: t.name,
      addedBy: t.addedBy,
      project: t.project ?? "default",
      kind: t.https ? "incus-https" : "incus-socket",
      address: t.https ? t.https.url : (t.socket?.path ?? ""),
      serverCertificate: t.https?.serverCertificate ?? null,
      serverFingerprint: t.https?.fingerprint ?? null,
      clientCertificate: t.https?.clientCertificate ?? null,
      clientKey: t.https?.clientKey ?? null,
    },
  });
  return recordOf(row);
}

export async function deleteTarget(name: string): Promise<boolean> {
  const { count } = await db().hostTarget.deleteMany({ where: { name } });
  return count > 0;
}
