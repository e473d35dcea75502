import net from "node:net";
import { processSingleton } from "../process-singleton";

/**
 * The forwards of a dashboard that runs as a regular user, who can write no
 * firewall rule: a TCP listener in this process per forward, on every
 * address of the host, each connection relayed to the container's address
 * with back-pressure both ways (the slower side pauses the faster). Listeners live
 * once per process (processSingleton); they end with the dashboard.
 */

export interface ProxyTarget {
  address: string;
  port: number;
}

interface Listener {
  hostPort: number;
  target: ProxyTarget;
  server: net.Server;
  connections: Set<net.Socket>;
}

function listeners(): Map<number, Listener> {
  return processSingleton("forward-tcp-proxies", () => new Map<number, Listener>());
}

/**
 * Reads from the container side go into buffers of our own (net's `onread`)
 * that grow while reads fill them, from 64 KiB (what a socket reads at a
 * time otherwise) to 1 MiB, and shrink again when reads come small: a
 * download is relayed in few large writes (0.24× the direct speed with
 * 64 KiB reads, over 0.5× with these; bench/forward-throughput.ts), and an
 * idle connection keeps a small one. A buffer is used again only when the
 * write of what it held finished at once (nothing queued on the client);
 * otherwise the write keeps it and the next read gets a new one.
 */
const MIN_READ = 64 * 1024;
const MAX_READ = 1024 * 1024;

export function nextReadSize(current: number, read: number): number {
  if (read === current) return Math.min(current * 2, MAX_READ);
  if (read < current / 4) return Math.max(current / 2, MIN_READ);
  return current;
}

function relay(client: net.Socket, listener: Listener): void {
  let buffer = Buffer.allocUnsafe(MIN_READ);
  const upstream = net.connect({
    host: listener.target.address,
    port: listener.target.port,
    onread: {
      buffer: () => buffer,
      callback: (size, buf) => {
        const flowing = client.write(buf.subarray(0, size));
        const size2 = nextReadSize(buf.length, size);
        if (client.writableLength > 0 || size2 !== buf.length) buffer = Buffer.allocUnsafe(size2);
        if (flowing) return true;
        // Back-pressure: stop reading the container until the client has taken what is queued.
        client.once("drain", () => upstream.resume());
        return false;
      },
    },
  });
  for (const socket of [client, upstream]) {
    socket.setNoDelay(true);
    listener.connections.add(socket);
    socket.once("close", () => listener.connections.delete(socket));
  }
  // Either side failing or closing ends both: no half-open pair is left behind.
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  client.once("error", end);
  upstream.once("error", end);
  client.once("close", end);
  upstream.once("close", end);
  upstream.once("end", () => client.end());
  // The client side (uploads) with pipe: an accepted socket cannot be given buffers of our own.
  client.pipe(upstream);
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(err);
    server.once("error", fail);
    server.listen({ port, host, ipv6Only: false, exclusive: true }, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

/**
 * Listens on `hostPort` of every address (IPv6 and IPv4 on one socket; IPv4
 * alone where the host has no IPv6) and relays to `target`. An existing
 * listener for `id` only changes its target (the container's new address).
 * Rejects with the bind's error (EADDRINUSE, EACCES).
 */
export async function openProxy(id: number, hostPort: number, target: ProxyTarget): Promise<"opened" | "retargeted" | "unchanged"> {
  const existing = listeners().get(id);
  if (existing && existing.hostPort === hostPort) {
    if (existing.target.address === target.address && existing.target.port === target.port) return "unchanged";
    existing.target = target;
    return "retargeted";
  }
  if (existing) await closeProxy(id);
  const listener: Listener = { hostPort, target, server: net.createServer(), connections: new Set() };
  listener.server.on("connection", (client) => relay(client, listener));
  try {
    await listen(listener.server, hostPort, "::");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EAFNOSUPPORT") throw err;
    listener.server = net.createServer((client) => relay(client, listener));
    await listen(listener.server, hostPort, "0.0.0.0");
  }
  listener.server.on("error", (err) => console.error(`the proxy on port ${hostPort} failed:`, err));
  listeners().set(id, listener);
  return "opened";
}

/** Stops listening and ends the forward's open connections; nothing when there is no listener. */
export async function closeProxy(id: number): Promise<boolean> {
  const listener = listeners().get(id);
  if (!listener) return false;
  listeners().delete(id);
  for (const socket of listener.connections) socket.destroy();
  await new Promise<void>((resolve) => listener.server.close(() => resolve()));
  return true;
}

/** The ids of the forwards listening now. */
export function openProxies(): number[] {
  return [...listeners().keys()];
}
