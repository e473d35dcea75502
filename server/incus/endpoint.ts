import { X509Certificate } from "node:crypto";
import type { ConnectionOptions, PeerCertificate } from "node:tls";

/**
 * Where an Incus daemon answers: its unix socket on this machine, or its
 * HTTPS address with the certificate pinned when it was added and the client
 * certificate it trusts. The secrets here (the client key) stay on the
 * server: nothing of an endpoint is ever sent to a browser.
 */
export interface UnixEndpoint {
  kind: "unix";
  /** The target's name, for messages. */
  host: string;
  socketPath: string;
}

export interface HttpsEndpoint {
  kind: "https";
  host: string;
  /** https://ADDRESS:PORT, no path. */
  url: string;
  /** The pinned server certificate (PEM) and its SHA-256 fingerprint (64 lowercase hex digits). */
  serverCertificate: string;
  fingerprint: string;
  /** The dashboard's client certificate and key for this host (PEM). */
  clientCertificate: string;
  clientKey: string;
}

export type IncusEndpoint = UnixEndpoint | HttpsEndpoint;

export const DEFAULT_INCUS_SOCKET = "/var/lib/incus/unix.socket";

/** The address as a person would recognise it: the socket path or the URL. */
export function endpointAddress(endpoint: IncusEndpoint): string {
  return endpoint.kind === "unix" ? endpoint.socketPath : endpoint.url;
}

/** Incus's fingerprint of a certificate: SHA-256 of its DER, lowercase hex without colons. */
export function certificateFingerprint(cert: { raw: Buffer } | string): string {
  const x509 = typeof cert === "string" ? new X509Certificate(cert) : new X509Certificate(cert.raw);
  return x509.fingerprint256.replaceAll(":", "").toLowerCase();
}

export function pemOf(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** Error code the pin check gives a certificate other than the pinned one. */
export const PIN_MISMATCH = "ERR_INCUS_CERTIFICATE_PIN";

/**
 * TLS options that accept exactly the pinned certificate: it is the only
 * trust anchor, and its fingerprint is compared on top of that (host names
 * in it do not matter; Incus's own certificates name the machine, not the
 * address it is reached at). Anything else fails the handshake, before a
 * request is written.
 */
export function pinnedTlsOptions(endpoint: HttpsEndpoint): ConnectionOptions {
  return {
    cert: endpoint.clientCertificate,
    key: endpoint.clientKey,
    ca: [endpoint.serverCertificate],
    rejectUnauthorized: true,
    checkServerIdentity: (_hostname: string, cert: PeerCertificate) => {
      if (certificateFingerprint(cert) === endpoint.fingerprint) return undefined;
      return Object.assign(new Error("certificate does not match the pinned one"), { code: PIN_MISMATCH });
    },
  };
}

/** host and port of an https:// URL (port 8443 when none is given, as Incus's). */
export function hostAndPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : 8443 };
}
