// The userspace proxy of non-root forwards (server/forwards/tcp-proxy.ts) on
// loopback, with real sockets: every byte arrives, in order, both ways, when
// the client reads slowly (the proxy's writes queue, back-pressure pauses the
// other side, and read buffers are handed over to queued writes rather than
// used again) and when it reads as fast as it can (reads grow to 1 MiB). The
// container side is a server of the test's own on 127.0.0.1.
import { createHash, randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeProxy, openProxy } from "@/server/forwards/tcp-proxy";

const SIZE = 24 * 1024 * 1024;
const payload = randomBytes(SIZE);
const trickle = randomBytes(16 * 1024 * 1024);
const digest = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const ID = 900_001;
let upstream: net.Server;
let upstreamPort: number;
let proxyPort: number;
/** What the server got from each client (the upload direction), by the first byte it was sent. */
const uploads = new Map<number, Promise<Buffer>>();

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  // "D": send the payload and end; "T": send the trickle in 1 KiB pieces, a turn of the loop apart, and end;
  // "U<tag>": read SIZE bytes and keep them under the tag.
  upstream = net.createServer((socket) => {
    socket.once("data", (first) => {
      if (first[0] === 0x44) {
        socket.end(payload);
        return;
      }
      if (first[0] === 0x54) {
        let at = 0;
        const next = () => {
          if (at >= trickle.length) return void socket.end();
          socket.write(trickle.subarray(at, (at += 1024)));
          setImmediate(next);
        };
        next();
        return;
      }
      const chunks: Buffer[] = [first.subarray(2)];
      let got = first.length - 2;
      uploads.set(
        first[1]!,
        new Promise((resolve) => {
          const done = () => got >= SIZE && resolve(Buffer.concat(chunks));
          done();
          socket.on("data", (c: Buffer) => {
            chunks.push(c);
            got += c.length;
            done();
          });
        }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamPort = (upstream.address() as net.AddressInfo).port;
  proxyPort = await freePort();
  expect(await openProxy(ID, proxyPort, { address: "127.0.0.1", port: upstreamPort })).toBe("opened");
});

afterAll(async () => {
  await closeProxy(ID);
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

/**
 * Downloads through the proxy; `stallMs`: stop reading that long after every 4 MiB; `firstStallMs`: read
 * nothing for that long at first.
 */
function download(stallMs: number, what = "D", firstStallMs = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sinceStall = 0;
    const socket = net.connect({ host: "127.0.0.1", port: proxyPort }, () => {
      socket.write(what);
      if (firstStallMs === 0) return;
      socket.pause();
      setTimeout(() => socket.resume(), firstStallMs);
    });
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      sinceStall += c.length;
      if (stallMs > 0 && sinceStall >= 4 * 1024 * 1024) {
        sinceStall = 0;
        socket.pause();
        setTimeout(() => socket.resume(), stallMs);
      }
    });
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
  });
}

describe("the userspace TCP proxy", () => {
  it("relays a download whole and in order to a client that reads as fast as it can", async () => {
    const got = await download(0);
    expect(got.length).toBe(SIZE);
    expect(digest(got)).toBe(digest(payload));
  });

  it("relays a download whole and in order to a client that stops reading for a while (queued writes, back-pressure)", async () => {
    const got = await download(150);
    expect(got.length).toBe(SIZE);
    expect(digest(got)).toBe(digest(payload));
  });

  it("relays a trickle of small pieces whole to a client that reads nothing at first (small writes queue without pausing the reads)", async () => {
    // For longer than the trickle takes to fill the kernel's buffers of both sockets.
    const got = await download(0, "T", 1500);
    expect(got.length).toBe(trickle.length);
    expect(digest(got)).toBe(digest(trickle));
  });

  it("relays two downloads at once, each whole", async () => {
    const [a, b] = await Promise.all([download(50), download(0)]);
    expect(digest(a)).toBe(digest(payload));
    expect(digest(b)).toBe(digest(payload));
  });

  it("relays an upload whole and in order", async () => {
    const socket = net.connect({ host: "127.0.0.1", port: proxyPort });
    socket.write(Buffer.concat([Buffer.from([0x55, 7]), payload]));
    await new Promise<void>((resolve, reject) => {
      const wait = setInterval(() => uploads.has(7) && (clearInterval(wait), resolve()), 20);
      socket.once("error", reject);
    });
    const got = await uploads.get(7)!;
    socket.destroy();
    expect(got.length).toBe(SIZE);
    expect(digest(got)).toBe(digest(payload));
  });
});
