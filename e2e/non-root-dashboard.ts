import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { prepareNonRootUser, REPO, waitUntilNoProcessOf, type NonRootUser } from "../tests/integration/non-root-user";
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
export interface NonRootDashboard extends Pick<NonRootUser, "user" | "uid" | "home" | "subuid" | "lxcpath" | "lxcAsUser"> {
  baseURL: string;
  admin: { name: string; password: string };
  stop(): Promise<void>;
}

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

async function waitUntilUp(baseURL: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the non-root server exited (${child.exitCode}):\n${output()}`);
    if (await rawRequest(`${baseURL}/login`).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the non-root server did not answer within a minute:\n${output()}`);
}

export async function startNonRootDashboard(browser: Browser): Promise<NonRootDashboard> {
  const testUser = await prepareNonRootUser("lxcde2e");
  const { user, uid, gid, home, subuid, lxcpath, lxcAsUser } = testUser;
  try {
    const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-e2e-nonroot-"));
    chownSync(dataDir, uid, gid);
    testUser.onCleanUp(() => rmSync(dataDir, { recursive: true, force: true }));

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
    testUser.onCleanUp(async () => {
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

    return { user, uid, home, subuid, lxcpath, baseURL, admin: ADMIN, lxcAsUser, stop: testUser.cleanUp };
  } catch (err) {
    await testUser.cleanUp().catch((cleanup: Error) => console.error(cleanup.message));
    throw err;
  }
}
