import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { stageBuiltApp } from "../tests/helpers/staged-app";
import { prepareNonRootUser, waitUntilNoProcessOf, type NonRootUser } from "../tests/integration/non-root-user";
import { createFirstAdmin, readSetupToken } from "./auth-steps";
import { freePort, startServerProcess } from "./server-process";

/**
 * The dashboard run by a regular user, as the README's non-root mode says:
 * a fresh test user prepared by scripts/setup-user.sh, the production build
 * started as that user (scripts/start.sh through runuser) with a data
 * directory it owns, and the first admin made through its /setup page. `stop()` ends the
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

export async function startNonRootDashboard(browser: Browser): Promise<NonRootDashboard> {
  const testUser = await prepareNonRootUser("lxcde2e");
  const { user, uid, gid, home, subuid, lxcpath, lxcAsUser } = testUser;
  try {
    const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-e2e-nonroot-"));
    chownSync(dataDir, uid, gid);
    testUser.onCleanUp(() => rmSync(dataDir, { recursive: true, force: true }));

    // The checkout may be closed to other users (a clone under /root): the user runs a readable copy of the build.
    const app = stageBuiltApp();
    testUser.onCleanUp(app.remove);

    const port = await freePort();
    // A clean environment, as a login of the user would have.
    const server = await startServerProcess(
      "the non-root server",
      port,
      "runuser",
      ["-u", user, "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        `HOME=${home}`, `USER=${user}`, `LOGNAME=${user}`, `PORT=${port}`, "HOST=127.0.0.1", `DATA_DIR=${dataDir}`,
        "NODE_ENV=production", "NEXT_TELEMETRY_DISABLED=1", "AUTOSTART=off", "scripts/start.sh"],
      { cwd: app.dir },
    );
    testUser.onCleanUp(async () => {
      await server.stop();
      // runuser returns when the server does; its terminals' processes may still be ending.
      await waitUntilNoProcessOf(user);
    });
    const { baseURL } = server;
    // Without systemd, setup-user.sh delegated cgroups and the server must have moved itself in.
    if (!existsSync("/run/systemd/system") && !server.output().includes(`Joined the cgroups delegated to ${user}`)) {
      throw new Error(`the server did not join its delegated cgroups:\n${server.output()}`);
    }

    // The first admin, through this server's own /setup page and the token it wrote.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto("/setup");
    await createFirstAdmin(page, readSetupToken(dataDir), ADMIN.name, ADMIN.password);
    await context.close();

    return { user, uid, home, subuid, lxcpath, baseURL, admin: ADMIN, lxcAsUser, stop: testUser.cleanUp };
  } catch (err) {
    await testUser.cleanUp().catch((cleanup: Error) => console.error(cleanup.message));
    throw err;
  }
}
