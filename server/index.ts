// The custom HTTP server: Next's request handler plus the terminal's
// WebSocket upgrade on the same port. Started by `npm start` (after a build).
import http from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import next from "next";
import { markInterruptedAudits } from "./audit";

const dev = process.env.NODE_ENV === "development";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

async function main(): Promise<void> {
  const interrupted = await markInterruptedAudits();
  if (interrupted > 0) console.log(`Marked ${interrupted} audit row(s) interrupted (cut short by the last stop).`);

  const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    // Next's own dev HMR socket is Next's business; every other path is closed.
    if (dev && pathname.startsWith("/_next/")) {
      void nextUpgrade(req, socket, head);
      return;
    }
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
  });

  server.listen(port, host, () => {
    const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
    console.log(`LXC Dashboard listening on http://${shown}:${port}/ (bound to ${host})`);
  });

  const stop = (): void => {
    server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
