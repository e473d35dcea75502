import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setToolRunner, type CommandResult, type ToolRunner } from "@/server/lxc";
import { forgetHostReadiness, recheckHostReadiness } from "@/server/host/readiness";

/** Every tool the checks run answers "exit 0, nothing"; the spawns are counted, not judged. */
function countSpawns(): string[][] {
  const spawns: string[][] = [];
  const answer = (argv: readonly string[]): CommandResult => {
    spawns.push([...argv]);
    return { argv: [...argv], exitCode: 0, stdout: "", stderr: "" };
  };
  const runner: ToolRunner = { run: async (argv) => answer(argv), runSync: answer };
  setToolRunner(runner);
  return spawns;
}

beforeEach(() => {
  forgetHostReadiness();
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  setToolRunner();
  vi.useRealTimers();
  forgetHostReadiness();
});

describe("checking the host again on request", () => {
  it("gives a viewer the report of seconds ago instead of running the checks again", async () => {
    const spawns = countSpawns();
    const first = await recheckHostReadiness({ force: false });
    const ran = spawns.length;
    expect(ran).toBeGreaterThan(0);
    vi.setSystemTime(Date.now() + 9_000);
    expect(await recheckHostReadiness({ force: false })).toBe(first);
    expect(spawns).toHaveLength(ran);
    vi.setSystemTime(Date.now() + 2_000);
    expect(await recheckHostReadiness({ force: false })).not.toBe(first);
    expect(spawns.length).toBeGreaterThan(ran);
  });

  it("runs every check again for an admin however recent the report", async () => {
    const spawns = countSpawns();
    const first = await recheckHostReadiness({ force: true });
    const ran = spawns.length;
    expect(await recheckHostReadiness({ force: true })).not.toBe(first);
    expect(spawns.length).toBeGreaterThan(ran);
  });
});
