// The custom HTTP(S) server: Next's request handler plus the terminal's
// WebSocket upgrade on the same port. Started by `npm start` (after a build).
import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";
import type { Duplex } from "node:stream";
import { networkInterfaces } from "node:os";
import path from "node:path";
import next from "next";
import { markInterruptedAudits } from "./audit";
import { screenIncomingRequest } from "./auth/incoming";
import { ensureSetupToken } from "./auth/setup-token";
import { ConfigError, loadConfig } from "./config/load-config";
import { joinDelegatedCgroups } from "./host/cgroup-delegation";
import { lxcPath } from "./lxc";
import { startTerminalService } from "./terminal-service";

const dev = process.env.NODE_ENV === "development";

async function main(): Promise<void> {
  const config = loadConfig();
  // The adapter reads the lxcpath from the environment (in this process and in
  // Next's bundle alike), so a value from config.json is passed on there.
  if (config.lxcPath) process.env.LXC_LXCPATH = config.lxcPath;
  // As a regular user without systemd: into the cgroups root delegated, before any lxc-start (see server/host).
  const cgroups = await joinDelegatedCgroups();
  if (cgroups) console.log(cgroups);
  const interrupted = await markInterruptedAudits();
  if (interrupted > 0) console.log(`Marked ${interrupted} audit row(s) interrupted (cut short by the last stop).`);

  const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();
  const terminals = startTerminalService({ lxcpath: lxcPath(), idleMinutes: config.terminalIdleMinutes });

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    // Never inside another site's frame: any service on this host's other
    // ports is "same-site" to the cookie, so framing could borrow a session
    // for clicks (clickjacking).
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    void screenIncomingRequest(req)
      .then((refused) => {
        if (!refused) return handle(req, res);
        res.writeHead(refused.status, { "content-type": "text/plain; charset=utf-8" }).end(refused.message);
      })
      .catch((err: unknown) => {
        // One failed request (say, the database briefly locked) must not take the server down.
        console.error(err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("The dashboard failed to answer this request; see its log.");
      });
  };
  const server = config.tls
    ? https.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, onRequest)
    : http.createServer(onRequest);

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    void screenIncomingRequest(req)
      .then((refused) => {
        if (refused) return socket.end(`HTTP/1.1 ${refused.status} Forbidden\r\nConnection: close\r\n\r\n`);
        if (terminals.handleUpgrade(req, socket, head)) return;
        // Next's own dev HMR socket is Next's business; every other path is closed.
        const pathname = new URL(req.url ?? "/", "http://x").pathname;
        if (dev && pathname.startsWith("/_next/")) return void nextUpgrade(req, socket, head);
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      })
      .catch((err: unknown) => {
        console.error(err);
        socket.end("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n");
      });
  });

  await ensureSetupToken();
  server.listen(config.port, config.host, () => {
    const scheme = config.tls ? "https" : "http";
    for (const host of urlHosts(config.host)) console.log(`LXC Dashboard: ${scheme}://${host}:${config.port}/`);
    console.log(`(bound to ${config.host}, data in ${config.dataDir})`);
  });

  const stop = (): void => {
    server.close();
    void terminals.shutdown().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The addresses to print: on a wildcard bind, this machine's own IPv4 addresses, so a LAN user can copy one. */
function urlHosts(bind: string): string[] {
  if (bind !== "0.0.0.0" && bind !== "::") return [bind.includes(":") ? `[${bind}]` : bind];
  // The containers' own bridge and veths are not where a browser comes from.
  const lan = Object.entries(networkInterfaces())
    .filter(([name]) => !name.startsWith("lxcbr") && !name.startsWith("veth"))
    .flatMap(([, addrs]) => addrs ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
  return ["localhost", ...lan];
}

main().catch((err: unknown) => {
  // A bad setting gets its one-line message; anything else its stack, for the operator.
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
