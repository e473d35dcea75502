import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "../helpers/staged-app";

/**
 * A fresh regular user prepared by scripts/setup-user.sh for the README's
 * non-root mode: subordinate ranges, ~/.config/lxc/default.conf, a line in
 * lxc-usernet and delegated cgroups. Shared by the non-root e2e (which runs
 * the dashboard as this user) and the integration tests that run server code
 * as it. `cleanUp()` undoes everything, the caller's own steps first: the
 * user's containers, its lines in lxc-usernet and /run/lxc/nics, its
 * cgroup directories, its subordinate ranges and the user, so the host is
 * left as found.
 */
export interface NonRootUser {
  user: string;
  uid: number;
  gid: number;
  home: string;
  /** The first host uid of the user's subordinate range: container root on the host. */
  subuid: number;
  lxcpath: string;
  /** Runs an lxc tool as the user, the way the user would by hand. */
  lxcAsUser(tool: string, args: string[]): string;
  /** Adds a clean-up step; the last one added runs first, all before the user's own. */
  onCleanUp(step: () => void | Promise<void>): void;
  cleanUp(): Promise<void>;
}

export { REPO };
const USERNET = "/etc/lxc/lxc-usernet";
const NICS = "/run/lxc/nics";

const run = (file: string, args: string[]) => execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/**
 * Takes the user's own lines out of a shared file (lxc-usernet, /run/lxc/nics),
 * leaving everyone else's as they are now: other test runs on this machine
 * add and remove their own users' lines meanwhile, so putting back an old copy
 * of the file would undo theirs. A file that did not exist before and holds
 * nothing else is removed.
 */
function removeLinesOf(user: string, file: string, existedBefore: boolean): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  const kept = text.split("\n").filter((l) => l.split(/\s+/)[0] !== user);
  if (!existedBefore && kept.every((l) => l.trim() === "")) rmSync(file, { force: true });
  else if (kept.join("\n") !== text) writeFileSync(file, kept.join("\n"));
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
export async function waitUntilNoProcessOf(user: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    // ps exits 1 when it lists nothing.
    if (spawnSync("ps", ["-u", user, "-o", "pid="], { encoding: "utf8" }).stdout.trim() === "") return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`processes of ${user} are still running 30 s after its last one was stopped`);
}

/** A new user named `<prefix><6 hex>`, prepared by scripts/setup-user.sh. */
export async function prepareNonRootUser(prefix: string): Promise<NonRootUser> {
  const user = `${prefix}${randomBytes(3).toString("hex")}`;
  const before = { usernet: existsSync(USERNET), nics: existsSync(NICS), userDirs: v1Hierarchies().filter((h) => existsSync(path.join(h, "user"))) };
  const undo: Array<() => void | Promise<void>> = [];
  // Every step runs even when one fails; the failures are reported together, so the run fails loudly.
  const cleanUp = async () => {
    const failures: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    undo.length = 0;
    if (failures.length > 0) throw new Error(`non-root clean-up left something behind:\n${failures.join("\n")}`);
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
      removeLinesOf(user, USERNET, before.usernet);
      removeLinesOf(user, NICS, before.nics);
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
    undo.push(async () => {
      // Whatever was left: stopped and destroyed as the user, as it would by hand.
      for (const name of lxcAsUser("lxc-ls", ["-1"]).split(/\s+/).filter(Boolean)) {
        try {
          lxcAsUser("lxc-stop", ["-n", name, "-k"]);
        } catch {
          // already stopped
        }
        lxcAsUser("lxc-destroy", ["-n", name]);
      }
      await waitUntilNoProcessOf(user);
    });
    return { user, uid, gid, home, subuid, lxcpath, lxcAsUser, onCleanUp: (step) => undo.push(step), cleanUp };
  } catch (err) {
    await cleanUp().catch((cleanup: Error) => console.error(cleanup.message));
    throw err;
  }
}
