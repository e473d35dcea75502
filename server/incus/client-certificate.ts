import { hostname } from "node:os";
import { generate } from "selfsigned";

export interface ClientCertificate {
  certificate: string;
  key: string;
}

const VALID_YEARS = 10;

/**
 * A client certificate of the dashboard's own for one Incus host (what
 * `incus remote add` makes once per client): an ECDSA P-384 key, as Incus's
 * own, self-signed, valid from yesterday (a host whose clock runs behind
 * still accepts it) for ten years. The key never leaves the server.
 * selfsigned (over @peculiar/x509 and Node's WebCrypto) writes the X.509.
 */
export async function makeClientCertificate(label: string): Promise<ClientCertificate> {
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_YEARS * 365 * 24 * 3600_000);
  const pems = await generate([{ name: "commonName", value: `lxc-dashboard@${hostname()} for ${label}` }, { name: "organizationName", value: "LXC Dashboard" }], {
    keyType: "ec",
    curve: "P-384",
    algorithm: "sha384",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", clientAuth: true },
    ],
  });
  return { certificate: pems.cert, key: pems.private };
}
