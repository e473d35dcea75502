// Faults of the SQLite database: held by another process (a `sqlite3` shell
// in a transaction, a backup) for 10 s, then for longer than requests wait;
// removed or damaged before the server starts. Real SQLite, real LXC, the
// real server for the start-up cases.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../e2e/server-process";
import { REPO } from "../helpers/staged-app";
import { useTempDatabase } from "../helpers/temp-database";
import { removeContainer, uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { performAction } = await import("@/server/containers/container-actions");
const { listAudit } = await import("@/server/audit");
const { DATABASE_BUSY_TIMEOUT_MS } = await import("@/server/db");

const NAME = uniqueName("dblock");
const who = { actor: "tester", address: "127.0.0.1" };
const dbFile = path.join(database.dataDir, "dashboard.db");
const state = () => execFileSync("lxc-info", ["-n", NAME, "-sH"], { encoding: "utf8" }).trim();

/** Another process holding an exclusive lock on the database for `ms`; resolves once it holds it. */
async function lockDatabase(ms: number): Promise<{ child: ChildProcess; released: Promise<void> }> {
  const code = `const D = require("better-sqlite3"); const d = new D(process.argv[1]); d.exec("BEGIN EXCLUSIVE"); console.log("locked");
    setTimeout(() => { d.exec("COMMIT"); d.close(); console.log("released"); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ["-e", code, dbFile, String(ms)], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  const released = new Promise<void>((r) => child.once("exit", () => r()));
  await new Promise((r) => child.stdout!.once("data", r));
  return { child, released };
}

beforeAll(() => {
  // useTempDatabase ran the server's own start-up step (WAL, as the dashboard runs it).
  execFileSync("lxc-create", ["-n", NAME, "-t", "busybox"], { stdio: "ignore" });
});
afterAll(() => {
  removeContainer(NAME);
  database.cleanup();
});

describe("the database locked by another process", () => {
  it("for 10 s: requests wait, then do their work, and every audit row is written", async () => {
    expect(DATABASE_BUSY_TIMEOUT_MS).toBeGreaterThan(10_000);
    const lock = await lockDatabase(10_000);
    const began = Date.now();
    const [started, frozen] = await Promise.all([performAction(who, NAME, "start"), performAction(who, NAME, "freeze")]);
    expect(Date.now() - began).toBeGreaterThan(8_000);
    await lock.released;
    expect(started).toEqual({ ok: true, message: `${NAME} started` });
    expect(frozen).toEqual({ ok: true, message: `${NAME} frozen` });
    expect(state()).toBe("FROZEN");
    const rows = await listAudit({ container: NAME });
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["freeze", "ok"],
      ["start", "ok"],
    ]);
  });

  it("past the wait: the request says so, nothing is done, and the next one works", async () => {
    const before = (await listAudit({ container: NAME })).length;
    const lock = await lockDatabase(DATABASE_BUSY_TIMEOUT_MS + 4_000);
    const answer = await performAction(who, NAME, "unfreeze");
    expect(answer).toEqual({
      ok: false,
      error: `The database (${dbFile}) is locked by another program and did not free up in time; nothing was done. Try again in a moment.`,
    });
    expect(state()).toBe("FROZEN");
    await lock.released;
    expect(await performAction(who, NAME, "unfreeze")).toEqual({ ok: true, message: `${NAME} unfrozen` });
    const rows = await listAudit({ container: NAME });
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ action: "unfreeze", outcome: "ok" });
  });
});

describe("the database file before start", () => {
  /** Starts the real server on `dataDir` and returns how it ended: its exit code and what it printed. */
  async function start(dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(await freePort()), HOST: "127.0.0.1", NODE_ENV: "production" };
    delete env.DATABASE_URL;
    const r = spawnSync("node", ["dist/server.mjs"], { cwd: REPO, env, encoding: "utf8", timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function usedDataDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "lxcd-dbfault-"));
    copyFileSync(dbFile, path.join(dir, "dashboard.db"));
    writeFileSync(path.join(dir, "database-made"), `${path.join(dir, "dashboard.db")}\n`);
    return dir;
  }

  it("removed: one line naming the file and what to do, and no new empty database", async () => {
    const dir = usedDataDir();
    try {
      rmSync(path.join(dir, "dashboard.db"));
      const r = await start(dir);
      expect(r.status).toBe(1);
      const file = path.join(dir, "dashboard.db");
      expect(r.stderr.trim()).toBe(
        `The database ${file} is missing, though this data directory had one (${dir}/database-made): restore it from a backup, or delete ${dir}/database-made to start over with an empty database (no accounts, no audit log).`,
      );
      // No fresh database (and no setup token anyone could use to take over) was made in its place.
      expect(spawnSync("ls", [dir], { encoding: "utf8" }).stdout.split("\n").filter(Boolean)).toEqual(["database-made"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("damaged: one line naming the file and what to do, and the file left as it was", async () => {
    const dir = usedDataDir();
    try {
      const file = path.join(dir, "dashboard.db");
      writeFileSync(file, "this is not an SQLite database, but it was one yesterday\n".repeat(100));
      const r = await start(dir);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(
        `The database ${file} is damaged (file is not a database): restore it from a backup, or move it aside to start with an empty one.`,
      );
      expect(execFileSync("head", ["-c", 26, file].map(String), { encoding: "utf8" })).toBe("this is not an SQLite data");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
