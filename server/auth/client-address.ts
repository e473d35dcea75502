import type { IncomingMessage } from "node:http";

/**
 * Next's request APIs do not expose the peer address, so the custom server
 * writes it into this header on every request — overwriting whatever the
 * client sent, which makes it trustworthy (X-Forwarded-For is not).
 */
export const CLIENT_ADDRESS_HEADER = "x-lxcd-client-address";

/** "::ffff:10.0.3.5" (IPv4 on a dual-stack socket) reads as 10.0.3.5. */
export function normalizeAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** Called by the custom server on each request and upgrade, before anything reads the headers. */
export function stampClientAddress(req: IncomingMessage): string | null {
  const address = normalizeAddress(req.socket.remoteAddress);
  req.headers[CLIENT_ADDRESS_HEADER] = address ?? "";
  return address;
}
