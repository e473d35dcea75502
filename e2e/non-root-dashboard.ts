import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { rawRequest } from "./raw-http";

/**
 * The dashboard run by a regular user, as the README's non-root mode says:
 * a fresh test user prepared by scripts/setup-user.sh, the production build
 * started as that user (`npm start` through runuser) with a data directory it
 * owns, and the first admin made through its /setup page. `stop()` ends the
 * server and undoes everything: the user's containers, the user, its
 * lxc-usernet line, its subordinate ranges and its cgroup directories, so
 * the host is left as found.
 */
export interface NonRootDashboard {
  user: string;
  uid: number;
  home: string;
  /** The first host uid of the user's subordinate range: container root on the host. */
  subuid: number;
  lxcpath: string;
  baseURL: string;
  admin: { name: string; password: string };
  /** Runs an lxc tool as the user, the way the user would by hand. */
  lxcAsUser(tool: string, args: string[]): string;
  stop(): Promise<void>;
}

const REPO = path.join(import.meta.dirname, "..");
const USERNET = "/etc/lxc/lxc-usernet";
const NICS = "/run/lxc/nics";
const ADMIN = { name: "owner", password: "non-root-e2e-passphrase" };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const run = (file: string, args: string[]) => execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A file's content, or null when it does not exist, to put back exactly. */
function snapshot(file: string): Buffer | null {
  return existsSync(file) ? readFileSync(file) : null;
}
function restore(file: string, content: Buffer | null): void {
  if (content === null) rmSync(file, { force: true });
  else writeFileSync(file, content);
}

/** The v1 cgroup hierarchies, where setup-user.sh delegates `user/<name>`. */
function v1Hierarchies(): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.split(" - ")[1]?.startsWith("cgroup "))
    .map((l) => l.split(" ")[4]!);
}

/** Removes a cgroup directory and every cgroup below it (cgroupfs takes rmdir only, deepest first). */
function removeCgroup(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeCgroup(path.join(dir, entry.name));
  rmdirSync(dir);
}

/** The cgroups cannot be removed nor the user deleted while one of its processes is left. */
async function waitUntilNoProcessOf(user: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    // ps exits 1 when it lists nothing.
    if (spawnSync("ps", ["-u", user, "-o", "pid="], { encoding: "utf8" }).stdout.trim() === "") return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`processes of ${user} are still running 30 s after the server was stopped`);
}

async function waitUntilUp(baseURL: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the non-root server exited (${child.exitCode}):\n${output()}`);
    if (await rawRequest(`${baseURL}/login`).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the non-root server did not answer within a minute:\n${output()}`);
}

export async function startNonRootDashboard(browser: Browser): Promise<NonRootDashboard> {
  const user = `lxcde2e${randomBytes(3).toString("hex")}`;
  const before = { usernet: snapshot(USERNET), nics: snapshot(NICS), userDirs: v1Hierarchies().filter((h) => existsSync(path.join(h, "user"))) };
  const undo: Array<() => void | Promise<void>> = [];
  // Every step runs even when one fails; the failures are reported together, so the run fails loudly.
  const stop = async () => {
    const failures: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    if (failures.length > 0) throw new Error(`non-root e2e clean-up left something behind:\n${failures.join("\n")}`);
  };

  try {
    run("useradd", ["--create-home", "--shell", "/bin/sh", user]);
    undo.push(() => {
      run("userdel", ["--remove", user]);
      // userdel takes the subordinate ranges too; make sure nothing of the user stays.
      for (const file of ["/etc/subuid", "/etc/subgid"]) {
        const text = readFileSync(file, "utf8");
        const kept = text.split("\n").filter((l) => !l.startsWith(`${user}:`)).join("\n");
        if (kept !== text) writeFileSync(file, kept);
      }
    });
    undo.push(() => {
      restore(USERNET, before.usernet);
      restore(NICS, before.nics);
      for (const h of v1Hierarchies()) {
        removeCgroup(path.join(h, "user", user));
        const parent = path.join(h, "user");
        if (!before.userDirs.includes(h) && existsSync(parent) && readdirSync(parent, { withFileTypes: true }).every((e) => !e.isDirectory())) rmdirSync(parent);
      }
    });
    run(path.join(REPO, "scripts/setup-user.sh"), [user]);

    const uid = Number(run("id", ["-u", user]));
    const gid = Number(run("id", ["-g", user]));
    const home = run("getent", ["passwd", user]).split(":")[5]!;
    const subuid = Number(readFileSync("/etc/subuid", "utf8").split("\n").find((l) => l.startsWith(`${user}:`))!.split(":")[1]);
    const lxcpath = path.join(home, ".local/share/lxc");
    const lxcAsUser = (tool: string, args: string[]) => run("runuser", ["-u", user, "--", tool, "-P", lxcpath, ...args]);
    undo.push(() => {
      // Whatever the test left: stopped and destroyed as the user, as it would by hand.
      for (const name of lxcAsUser("lxc-ls", ["-1"]).split(/\s+/).filter(Boolean)) {
        try {
          lxcAsUser("lxc-stop", ["-n", name, "-k"]);
        } catch {
          // already stopped
        }
        lxcAsUser("lxc-destroy", ["-n", name]);
      }
    });

    const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-e2e-nonroot-"));
    chownSync(dataDir, uid, gid);
    undo.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const port = await freePort();
    let output = "";
    // A clean environment, as a login of the user would have; its own process group to stop it whole.
    const child = spawn(
      "runuser",
      ["-u", user, "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        `HOME=${home}`, `USER=${user}`, `LOGNAME=${user}`, `PORT=${port}`, "HOST=127.0.0.1", `DATA_DIR=${dataDir}`,
        "NODE_ENV=production", "NEXT_TELEMETRY_DISABLED=1", "npm", "start"],
      { cwd: REPO, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    undo.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      }
      // runuser returns when npm does; the server itself may still be closing its terminals.
      await waitUntilNoProcessOf(user);
    });
    const baseURL = `http://127.0.0.1:${port}`;
    await waitUntilUp(baseURL, child, () => output);
    // Without systemd, setup-user.sh delegated cgroups and the server must have moved itself in.
    if (!existsSync("/run/systemd/system") && !output.includes(`Joined the cgroups delegated to ${user}`)) {
      throw new Error(`the server did not join its delegated cgroups:\n${output}`);
    }

    // The first admin, through this server's own /setup page and the token it wrote.
    const token = readFileSync(path.join(dataDir, "setup-token"), "utf8").trim();
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto("/setup");
    await page.getByLabel("Setup token").fill(token);
    await page.getByLabel("User name").fill(ADMIN.name);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Confirm password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create admin" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await context.close();

    return { user, uid, home, subuid, lxcpath, baseURL, admin: ADMIN, lxcAsUser, stop };
  } catch (err) {
    await stop().catch((cleanup: Error) => console.error(cleanup.message));
    throw err;
  }
}
