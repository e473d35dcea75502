// server/lxc/run-tool.ts runs every tool in /, whatever the server's working
// directory: a tool run as a user namespace's root (lxc-usernsexec, as backups
// and restores run tar) cannot enter a checkout under /root (mode 0700).
// backups.test.ts runs a backup and a restore from such a directory.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTool, runToolSyncOrThrow } from "@/server/lxc/run-tool";

const before = process.cwd();
const closed = mkdtempSync(path.join(tmpdir(), "lxcd-cwd-"));

beforeAll(() => {
  chmodSync(closed, 0o700);
  process.chdir(closed);
});

afterAll(() => {
  process.chdir(before);
  rmSync(closed, { recursive: true, force: true });
});

describe("a tool's working directory", () => {
  it("is / for run and runSync, whatever the server's", async () => {
    expect((await runTool(["pwd"])).stdout.trim()).toBe("/");
    expect((await runTool(["pwd"], { timeoutMs: 10_000 })).stdout.trim()).toBe("/");
    expect(runToolSyncOrThrow(["pwd"]).stdout.trim()).toBe("/");
  });
});
