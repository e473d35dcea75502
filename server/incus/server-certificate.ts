import { connect } from "node:tls";
import { certificateFingerprint, hostAndPort, pemOf } from "./endpoint";

export interface PresentedCertificate {
  pem: string;
  fingerprint: string;
}

/**
 * The certificate a server presents on `url`, read from a TLS handshake that
 * sends nothing else (no request, no client certificate): to compare with a
 * trust token's fingerprint before anything is sent, and to say which
 * certificate a mis-certified host presents. Null when the handshake fails.
 */
export function presentedCertificate(url: string, timeoutMs = 5000): Promise<PresentedCertificate | null> {
  const { host, port } = hostAndPort(url);
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] });
    const done = (value: PresentedCertificate | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once("error", () => done(null));
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      if (!cert?.raw) return done(null);
      done({ pem: pemOf(cert.raw), fingerprint: certificateFingerprint(cert) });
    });
  });
}
