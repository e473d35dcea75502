// The custom HTTP(S) server: Next's request handler plus the terminal's
// WebSocket upgrade on the same port. Compiled to dist/server.mjs by the build
// (scripts/build-server.mjs) and run by scripts/start.sh as one plain `node`.
import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";
import type { Duplex } from "node:stream";
import path from "node:path";
import next from "next";
import { precheckRequest } from "./auth/request-precheck";
import { ensureSetupToken } from "./auth/setup-token";
import { ConfigError, loadConfig } from "./config/load-config";
import { startBackupDirWatch } from "./backups/backup-dir-watch";
import { startRootfsSizes } from "./containers/rootfs-sizes";
import { reportInterruptedActions } from "./containers/interrupted-actions";
import { followListServices } from "./containers/list-services";
import { databaseBusyMessage, isDatabaseBusy } from "./db-errors";
import { DatabaseStartError, prepareDatabase } from "./db-startup";
import { startForwards } from "./forwards";
import { joinDelegatedCgroups } from "./host/cgroup-delegation";
import { startActivityRecorder } from "./activity";
import { startAutostart } from "./autostart";
import { startAlerts } from "./alerts";
import { startLiveService } from "./live/live-service";
import { startHosts, stopHosts } from "./hosts/registry";
import { lanAddresses } from "./host/lan-addresses";
import { lxcPath } from "./lxc";
import { startMetricsSampler } from "./metrics";
import { applySecurityHeaders } from "./security-headers";
import { startScheduler } from "./schedules/scheduler";
import { raiseOwnPriority } from "./scheduling/server-priority";
import { startTerminalService } from "./terminal";

const dev = process.env.NODE_ENV === "development";
/** The checkout: one up from server/ (tsx in development) and from dist/ (the compiled server) alike. */
const appDir = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  const config = loadConfig();
  // The adapter reads the lxcpath from the environment (in this process and in
  // Next's bundle alike), so a value from config.json is passed on there.
  if (config.lxcPath) process.env.LXC_LXCPATH = config.lxcPath;
  // As a regular user without systemd: into the cgroups root delegated, before any lxc-start (see server/host).
  const migrated = prepareDatabase(path.join(appDir, "prisma/migrations"));
  if (migrated.length > 0) console.log(`Applied database migration(s): ${migrated.join(", ")}.`);
  const cgroups = await joinDelegatedCgroups();
  if (cgroups) console.log(cgroups);
  const priority = raiseOwnPriority();
  if (priority) console.log(priority);
  // Audit rows the last stop cut short: marked interrupted, with what was left and how to clear it.
  for (const line of await reportInterruptedActions()) console.log(line);

  const app = next({ dev, dir: appDir, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();
  const terminals = startTerminalService({ lxcpath: lxcPath(), idleMinutes: config.terminalIdleMinutes });
  const metrics = config.metricsIntervalSeconds > 0 ? startMetricsSampler({ lxcpath: lxcPath(), intervalSeconds: config.metricsIntervalSeconds }) : null;
  const alerts = await startAlerts();
  const live = startLiveService({ onReadinessChange: alerts.onReadinessChange });
  await startActivityRecorder();
  const schedules = startScheduler();
  // Incus targets an admin added (server/hosts): their stores follow their event streams.
  void startHosts().catch((err: unknown) => console.error("hosts: could not load the targets:", err));
  await startForwards(config.nftTable);
  followListServices();
  // Backups made, deleted, uploaded or copied in by hand: every tab's Backups tables follow (server/backups).
  startBackupDirWatch();
  // The rootfs sizes container pages show: du, one at a time, in the background (server/containers).
  startRootfsSizes();
  // Containers marked autostart, when nothing else on the host starts them (once per boot).
  startAutostart({ mode: config.autostart, dataDir: config.dataDir });

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    // CSP with this request's nonce, nosniff, no framing, no Referer abroad (see security-headers.ts).
    applySecurityHeaders(req, res, { dev });
    void precheckRequest(req)
      .then((refused) => {
        if (!refused) return handle(req, res);
        res.writeHead(refused.status, { "content-type": "text/plain; charset=utf-8" }).end(refused.message);
      })
      .catch((err: unknown) => {
        // One failed request (say, the database locked past its wait) must not take the server down.
        const busy = isDatabaseBusy(err);
        console.error(busy ? databaseBusyMessage() : err);
        if (!res.headersSent) res.writeHead(busy ? 503 : 500, { "content-type": "text/plain; charset=utf-8" });
        res.end(busy ? databaseBusyMessage() : "The dashboard failed to answer this request; see its log.");
      });
  };
  const server = config.tls
    ? https.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, onRequest)
    : http.createServer(onRequest);

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    void precheckRequest(req)
      .then((refused) => {
        if (refused) return socket.end(`HTTP/1.1 ${refused.status} Forbidden\r\nConnection: close\r\n\r\n`);
        if (terminals.handleUpgrade(req, socket, head)) return;
        if (live.handleUpgrade(req, socket, head)) return;
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
    live.shutdown();
    schedules.stop();
    stopHosts();
    // Deliveries under way are recorded before exit, so the next start does not send them again.
    void Promise.allSettled([terminals.shutdown(), metrics?.stop(), alerts.stop()]).finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The addresses to print: on a wildcard bind, this machine's own IPv4 addresses, so a LAN user can copy one. */
function urlHosts(bind: string): string[] {
  if (bind !== "0.0.0.0" && bind !== "::") return [bind.includes(":") ? `[${bind}]` : bind];
  return ["localhost", ...lanAddresses()];
}

main().catch((err: unknown) => {
  // A bad setting or an unusable database gets its one-line message; anything else its stack, for the operator.
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else if (err instanceof DatabaseStartError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
