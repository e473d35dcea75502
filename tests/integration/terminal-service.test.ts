import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { decodeServerFrame, encodeInputFrames, terminalSocketPath } from "@/lib/terminal-protocol";
import { useTempDatabase } from "../helpers/temp-database";

// The terminal as the dashboard wires it (server/terminal-service.ts): the
// real upgrade check against real sessions in real SQLite, tickets minted as
// the page's action mints them, a real container, audit rows in the database.
// What the tab is told when refused: a close code of its own and a sentence.

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { authorize } = await import("@/server/auth/door");
const { createUser } = await import("@/server/auth/accounts");
const { login } = await import("@/server/auth/sessions");
const { mintTerminalTicket } = await import("@/server/auth/terminal-tickets");
const { startTerminalService, terminalService } = await import("@/server/terminal-service");

const LXCPATH = "/var/lib/lxc";
const NAME = `t-termsvc-${randomBytes(3).toString("hex")}`;
const PASSWORD = "a long enough password";
const WAIT_MS = 20_000;
const cookies = { admin: "", viewer: "" };
let http: Server;
let origin: string;

function lxc(tool: string, ...args: string[]): void {
  execFileSync(tool, ["-P", LXCPATH, ...args], { stdio: "ignore", timeout: 60_000 });
}

type Closing = { code: number; reason: string } | null;

interface Tab {
  ws: WebSocket;
  output: () => string;
  sessionId: () => string | null;
  closed: Promise<{ code: number; closing: Closing }>;
}

function openTab(ticket: string, cookie: string): Tab {
  const ws = new WebSocket(`${origin.replace("http", "ws")}${terminalSocketPath({ container: NAME, ticket })}`, {
    headers: { origin, cookie },
  });
  let output = "";
  let sessionId: string | null = null;
  let closing: Closing = null;
  ws.on("message", (data: Buffer) => {
    const frame = decodeServerFrame(data);
    if (frame.type === "output") output += Buffer.from(frame.data).toString();
    if (frame.type === "session") sessionId = frame.info.sessionId;
    if (frame.type === "closing") closing = { code: frame.code, reason: frame.reason };
  });
  ws.on("error", () => {});
  const closed = new Promise<{ code: number; closing: Closing }>((resolve) => ws.on("close", (code) => resolve({ code, closing })));
  return { ws, output: () => output, sessionId: () => sessionId, closed };
}

async function waitUntil<T>(check: () => T | Promise<T>, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function adminTicket(): Promise<string> {
  const request = { method: "POST", isAction: true, host: new URL(origin).host, origin, cookieHeader: cookies.admin, address: "127.0.0.1" };
  const result = await authorize(request, "admin", "open terminal", { container: NAME });
  if (!result.ok) throw new Error(result.reason);
  return mintTerminalTicket(result.actor, NAME).ticket;
}

beforeAll(async () => {
  for (const [name, role] of [["ada", "admin"], ["vic", "viewer"]] as const) {
    const created = await createUser({ name, password: PASSWORD, role });
    if (!created.ok) throw new Error(created.error);
    const session = await login(name, PASSWORD, { address: "127.0.0.1" });
    if (!session.ok) throw new Error(`login ${name} failed`);
    cookies[role] = `lxcd_session=${session.token}`;
  }
  const conf = path.join(temp.dataDir, "unprivileged.conf");
  writeFileSync(conf, "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n");
  lxc("lxc-create", "-n", NAME, "-t", "busybox", "-f", conf);
  lxc("lxc-start", "-n", NAME, "-d");
  lxc("lxc-wait", "-n", NAME, "-s", "RUNNING", "-t", "30");

  const terminals = startTerminalService({ lxcpath: LXCPATH, idleMinutes: 30 });
  http = createServer((_req, res) => res.end());
  http.on("upgrade", (req, socket, head) => {
    if (!terminals.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await terminalService()?.shutdown();
  await new Promise((resolve) => http?.close(resolve));
  try {
    lxc("lxc-stop", "-k", "-n", NAME);
  } catch {
    // Not running.
  }
  try {
    lxc("lxc-destroy", "-n", NAME);
  } catch {
    // Never created.
  }
  await db().$disconnect();
  temp.cleanup();
});

describe("the dashboard's terminal service", () => {
  it("opens a shell for an admin's ticket, lists it, ends it, and audits both", async () => {
    const tab = openTab(await adminTicket(), cookies.admin);
    await waitUntil(() => /# /.test(tab.output()), "the prompt");
    for (const frame of encodeInputFrames("echo svc-$((6*7))\r")) tab.ws.send(frame);
    await waitUntil(() => tab.output().includes("svc-42"), "the command's output");

    const id = tab.sessionId()!;
    expect(terminalService()!.listSessions(NAME)).toEqual([
      expect.objectContaining({ id, container: NAME, user: expect.objectContaining({ name: "ada" }), attached: true }),
    ]);
    expect(terminalService()!.endSession(id, "ada")).toBe(true);
    expect(await tab.closed).toMatchObject({ code: 4409, closing: { code: 4409, reason: "ada ended this session." } });

    const rows = await waitUntil(async () => {
      const found = await db().auditEntry.findMany({ where: { container: NAME, outcome: "ok" }, orderBy: { id: "asc" } });
      return found.length === 2 ? found : null;
    }, "the open and close rows");
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      ["ada", "terminal open"],
      ["ada", "terminal close"],
    ]);
    expect(rows[0]!.command).toMatch(new RegExp(`^lxc-attach -P ${LXCPATH} -n ${NAME} --clear-env`));
    expect(rows[1]!.detail).toContain(`4409 ada ended this session. Session ${id}`);
  });

  it("refuses a used ticket with its own code (not the idle timeout's) and says so in a sentence", async () => {
    const ticket = await adminTicket();
    const first = openTab(ticket, cookies.admin);
    await waitUntil(() => first.sessionId(), "the first attach");
    first.ws.close();
    const again = openTab(ticket, cookies.admin);
    expect(await again.closed).toEqual({
      code: 4419,
      closing: { code: 4419, reason: "The terminal's one-time ticket was unknown or already used; reload the page to try again." },
    });
  });

  it("refuses a viewer and a signed-out browser with sentences, not reason keys", async () => {
    const viewer = openTab(await adminTicket(), cookies.viewer);
    expect(await viewer.closed).toEqual({ code: 4403, closing: { code: 4403, reason: "Only an admin may open a terminal." } });
    const nobody = openTab(await adminTicket(), "");
    expect(await nobody.closed).toEqual({ code: 4401, closing: { code: 4401, reason: "Sign in first." } });
  });
});
