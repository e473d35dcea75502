// Fault: the lxcpath's disk fills up during a create. A 1 MiB tmpfs of the
// test's own is the lxcpath (a busybox rootfs needs more); the create, run
// as a click runs it, fails with an error that names the cause, its audit
// row says so, and nothing of the container is left behind.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { startCreate } = await import("@/server/containers/create-service");
const { getOperation, watchOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");

const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-full-"));
const saved = process.env.LXC_LXCPATH;
const who = { actor: "tester", address: "127.0.0.1" };

beforeAll(() => {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", lxcpath]);
  process.env.LXC_LXCPATH = lxcpath;
});
afterAll(() => {
  if (saved === undefined) delete process.env.LXC_LXCPATH;
  else process.env.LXC_LXCPATH = saved;
  execFileSync("umount", [lxcpath]);
  rmdirSync(lxcpath);
  database.cleanup();
});

function awaitEnd(operationId: string): Promise<{ outcome: string; message: string }> {
  const op = getOperation(operationId)!;
  return new Promise((resolve) =>
    watchOperation(op, (e) => {
      if (e.type === "end") resolve(e);
    }),
  );
}

describe("the lxcpath's disk full during a create", () => {
  it("fails with an error naming the cause, audits it, and leaves nothing behind", async () => {
    const name = uniqueName("full");
    const r = await startCreate(who, { template: "busybox", name });
    if (!r.ok) throw new Error(r.error);
    const end = await awaitEnd(r.operationId);

    expect(end.outcome).toBe("failed");
    expect(end.message).toMatch(/No space left on device/);
    const [row] = await listAudit({ container: name });
    expect(row).toMatchObject({ action: "create", outcome: "failed", command: expect.stringContaining(`-P ${lxcpath} -n ${name}`) });
    expect(`${row!.detail} ${row!.stderr}`).toMatch(/No space left on device/);
    // Nothing of it is left, not even an empty directory.
    expect(readdirSync(lxcpath)).toEqual([]);
    expect(execFileSync("df", ["--output=used", "-B1", lxcpath], { encoding: "utf8" }).split("\n")[1]!.trim()).toBe("0");
  });
});
