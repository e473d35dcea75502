import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerCgroups, readCgroupCounters, readOomCounters, type CgroupCounters } from "@/server/cgroups";
import { makePrivateLxcpath, memoryLimitLine, type PrivateLxcpath } from "../helpers/private-lxcpath";
import { compileHelperForOthers } from "../helpers/staged-app";
import { prepareNonRootUser, type NonRootUser } from "./non-root-user";

// server/cgroups against real containers on this (hybrid v1 + v2) host: a
// root-owned unprivileged container with a 64 MiB limit, and a regular
// user's container started inside the cgroups delegated to that user
// (README: non-root mode), read by a process of that user.

const LIMIT = 64 * 1024 * 1024;
let box: PrivateLxcpath;
let testUser: NonRootUser | undefined;
let helper: Awaited<ReturnType<typeof compileHelperForOthers>> | undefined;

function expectAllAvailable(counters: CgroupCounters): void {
  for (const [key, reading] of Object.entries(counters)) expect({ key, reading }).toMatchObject({ key, reading: { ok: true } });
}

beforeAll(() => {
  box = makePrivateLxcpath("t-cg");
});
afterAll(async () => {
  box?.remove();
  await testUser?.cleanUp();
  helper?.remove();
});

describe("a root-owned unprivileged container", () => {
  it("has its own cgroup in every controller, with live counters and its memory limit", () => {
    const name = box.create("cg", [memoryLimitLine(LIMIT)]);
    const pid = box.start(name);
    const cg = containerCgroups(pid, name)!;
    for (const dir of Object.values(cg.dirs)) expect(dir).toMatchObject({ ok: true, value: { dir: expect.stringContaining(`lxc.payload.${name}`) } });

    const counters = readCgroupCounters(cg);
    expectAllAvailable(counters);
    if (!counters.cpuNs.ok || !counters.memory.ok || !counters.pids.ok) throw new Error("unreachable");
    expect(counters.cpuNs.value).toBeGreaterThan(0);
    expect(counters.memory.value.limit).toBe(LIMIT);
    expect(counters.memory.value.current).toBeGreaterThan(0);
    expect(counters.pids.value).toBeGreaterThanOrEqual(1);
    expect(readOomCounters(cg)).toMatchObject({ ok: true, value: { oomKills: 0 } });

    // Stopped: the init is gone, and a cgroup read after it says why instead of throwing.
    box.stop(name);
    expect(containerCgroups(pid, name)).toBeNull();
    const after = readCgroupCounters(cg);
    expect(after.memory).toEqual({ ok: false, reason: expect.stringMatching(/is gone \(the container stopped\)|does not exist/) });
  });
});

describe("a regular user's container (non-root mode)", () => {
  it("is found below the user's delegated cgroups, read as that user", async () => {
    helper = await compileHelperForOthers("tests/integration/cgroups-as-user.ts");
    const u = await prepareNonRootUser("lxccg");
    testUser = u;
    const name = `t-cgnr-${randomBytes(3).toString("hex")}`;
    u.lxcAsUser("lxc-create", ["-n", name, "-t", "busybox", "-f", path.join(u.home, ".config/lxc/default.conf")]);
    // As the README says for lxc-start by hand: into the delegated cgroups first.
    execFileSync("runuser", ["-u", u.user, "--", "sh", "-c",
      `for d in /sys/fs/cgroup/*/user/${u.user}; do echo $$ > $d/cgroup.procs; done; exec lxc-start -P ${u.lxcpath} -n ${name} -d`]);
    u.lxcAsUser("lxc-wait", ["-n", name, "-s", "RUNNING", "-t", "30"]);
    const pid = Number(u.lxcAsUser("lxc-info", ["-n", name, "-pH"]).trim());

    const out = execFileSync(
      "runuser",
      ["-u", u.user, "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOME=${u.home}`,
        process.execPath, helper!.file, JSON.stringify([pid, name])],
      // From a compiled copy in a temp folder: the checkout may be closed to other users (/root/...).
      { cwd: "/", encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] },
    );
    const seen = JSON.parse(out) as { uid: number; dirs: Record<string, { ok: boolean; value?: { dir: string } }>; counters: CgroupCounters };
    expect(seen.uid).toBe(u.uid);
    expect(seen.dirs.memory).toMatchObject({ ok: true, value: { dir: expect.stringContaining(`/user/${u.user}/lxc.payload.${name}`) } });
    expectAllAvailable(seen.counters);
  });
});
