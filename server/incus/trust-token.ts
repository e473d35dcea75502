/**
 * An Incus trust token, as `incus config trust add NAME` prints it: base64
 * of JSON with the server's certificate fingerprint, its addresses, a
 * one-time secret and an expiry (Incus's api.CertificateAddToken). The
 * dashboard reads the addresses and fingerprint from it, checks the
 * certificate a server presents against that fingerprint before sending
 * anything, then presents the secret (POST /1.0/certificates) with its own
 * client certificate, which the server then trusts: what `incus remote add`
 * does with a token.
 */
export interface TrustToken {
  clientName: string;
  fingerprint: string;
  addresses: string[];
  secret: string;
  expiresAt: Date | null;
}

export type TrustTokenResult = { ok: true; token: TrustToken } | { ok: false; problem: string };

const FINGERPRINT = /^[0-9a-f]{64}$/;

export function decodeTrustToken(text: string, now: Date = new Date()): TrustTokenResult {
  const raw = text.trim();
  if (!raw) return { ok: false, problem: "Paste the trust token `incus config trust add NAME` printed on the server." };
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9+/=_-]+$/.test(raw)) throw new Error("not base64");
    parsed = JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
  } catch {
    return { ok: false, problem: "This is not an Incus trust token (it should be one long line of base64, as `incus config trust add NAME` prints it)." };
  }
  const t = (parsed ?? {}) as Record<string, unknown>;
  const fingerprint = typeof t.fingerprint === "string" ? t.fingerprint.toLowerCase() : "";
  const addresses = Array.isArray(t.addresses) ? t.addresses.filter((a): a is string => typeof a === "string" && a.length > 0) : [];
  const secret = typeof t.secret === "string" ? t.secret : "";
  if (!FINGERPRINT.test(fingerprint)) return { ok: false, problem: "The trust token has no server certificate fingerprint." };
  if (addresses.length === 0) return { ok: false, problem: "The trust token names no server address (set core.https_address on the server first)." };
  if (!secret) return { ok: false, problem: "The trust token has no secret." };
  const expiresAt = typeof t.expires_at === "string" && !t.expires_at.startsWith("0001-") ? new Date(t.expires_at) : null;
  if (expiresAt && !Number.isNaN(expiresAt.getTime()) && expiresAt <= now) {
    return { ok: false, problem: `The trust token expired at ${expiresAt.toISOString()}; make a new one on the server.` };
  }
  return {
    ok: true,
    token: { clientName: typeof t.client_name === "string" ? t.client_name : "", fingerprint, addresses, secret, expiresAt },
  };
}

/** "https://ADDRESS" for one of a token's addresses ("10.0.0.5:8443", "[fd00::1]:8443"). */
export function addressUrl(address: string): string {
  return /^https:\/\//.test(address) ? address.replace(/\/+$/, "") : `https://${address}`;
}
