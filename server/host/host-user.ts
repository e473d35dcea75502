import { userInfo } from "node:os";
import { runTool } from "../lxc/run-tool";

/** The user whose readiness is checked: the one the dashboard runs as, or (for tests and check-host --user) another. */
export interface HostUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** Names of the groups the user is in (for @group lines of lxc-usernet). */
  groups: string[];
}

export class UnknownUser extends Error {
  constructor(readonly user: string) {
    super(`there is no user ${user} on this host`);
  }
}

async function groupsOf(name: string): Promise<string[]> {
  const { exitCode, stdout } = await runTool(["id", "-Gn", name]);
  return exitCode === 0 ? stdout.trim().split(/\s+/).filter(Boolean) : [];
}

/** The user this process runs as. */
export async function runningUser(): Promise<HostUser> {
  const info = userInfo();
  return { name: info.username, uid: info.uid, gid: info.gid, home: info.homedir, groups: await groupsOf(info.username) };
}

/** A user by name, through NSS (`getent passwd`), so LDAP and other sources count too. */
export async function lookupUser(name: string): Promise<HostUser> {
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(name)) throw new UnknownUser(name);
  const { exitCode, stdout } = await runTool(["getent", "passwd", name]);
  const fields = stdout.trim().split(":");
  if (exitCode !== 0 || fields.length < 7) throw new UnknownUser(name);
  return { name: fields[0]!, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5]!, groups: await groupsOf(name) };
}

/** Whether this process may do what only root may. */
export function processIsRoot(): boolean {
  return process.geteuid?.() === 0;
}
