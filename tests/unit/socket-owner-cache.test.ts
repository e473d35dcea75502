// findSocketOwners keeps what a walk learnt: a later call reads only new
// processes, and walks fds again only for a socket no known process holds.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findSocketOwners } from "@/server/services/socket-owners";

let root: string;
function addProcess(pid: number, namespace: string, comm: string, sockets: number[] = []) {
  const dir = path.join(root, String(pid));
  mkdirSync(path.join(dir, "ns"), { recursive: true });
  mkdirSync(path.join(dir, "fd"));
  writeFileSync(path.join(dir, "comm"), `${comm}\n`);
  writeFileSync(path.join(dir, "status"), `Name:\t${comm}\nState:\tS (sleeping)\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t${pid}\t${pid % 100}\nThreads:\t1\n`);
  symlinkSync(`pid:[${namespace}]`, path.join(dir, "ns", "pid"));
  sockets.forEach((inode, i) => symlinkSync(`socket:[${inode}]`, path.join(dir, "fd", String(3 + i))));
}
const ns = (...n: string[]) => new Set(n.map((x) => `pid:[${x}]`));
const programs = (owners: Map<number, { program: string }>) => Object.fromEntries([...owners].map(([inode, o]) => [inode, o.program]));

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "owner-cache-"));
  addProcess(101, "A", "httpd", [7001]);
  addProcess(201, "B", "sshd", [7002]);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("findSocketOwners' cache", () => {
  it("answers from the last walk: a process's fds are not read again while it and its sockets are known", async () => {
    expect(programs(await findSocketOwners(new Set([7001, 7002]), ns("A", "B"), root))).toEqual({ 7001: "httpd", 7002: "sshd" });
    // A file appears among httpd's fds behind the cache's back: nothing new is asked, so nothing is read.
    symlinkSync("socket:[7009]", path.join(root, "101", "fd", "9"));
    expect(programs(await findSocketOwners(new Set([7001]), ns("A"), root))).toEqual({ 7001: "httpd" });
  });

  it("walks again when a socket no known process holds turns up (opened since)", async () => {
    await findSocketOwners(new Set([7001]), ns("A"), root);
    symlinkSync("socket:[7003]", path.join(root, "101", "fd", "5"));
    expect(programs(await findSocketOwners(new Set([7001, 7003]), ns("A"), root))).toEqual({ 7001: "httpd", 7003: "httpd" });
  });

  it("reads a new process, forgets a gone one, and sees a program that exec'd", async () => {
    await findSocketOwners(new Set([7001, 7002]), ns("A", "B"), root);
    rmSync(path.join(root, "201"), { recursive: true });
    addProcess(102, "A", "nc", [7004]);
    const owners = await findSocketOwners(new Set([7001, 7004]), ns("A", "B"), root);
    expect(programs(owners)).toEqual({ 7001: "httpd", 7004: "nc" });
    // httpd's PID now runs another program, which opened a new socket.
    writeFileSync(path.join(root, "101", "comm"), "lighttpd\n");
    unlinkSync(path.join(root, "101", "fd", "3"));
    symlinkSync("socket:[7005]", path.join(root, "101", "fd", "3"));
    expect(programs(await findSocketOwners(new Set([7005]), ns("A"), root))).toEqual({ 7005: "lighttpd" });
  });

  it("a socket nobody holds does not make every later call walk again, and never gets an owner", async () => {
    expect(programs(await findSocketOwners(new Set([7001, 7999]), ns("A"), root))).toEqual({ 7001: "httpd" });
    expect(programs(await findSocketOwners(new Set([7001, 7999]), ns("A"), root))).toEqual({ 7001: "httpd" });
  });
});
