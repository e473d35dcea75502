import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import { explainAttachExit } from "@/server/terminal/exit-reason";

describe("explainAttachExit", () => {
  const quick = { times: 3, delayMs: 1 };

  it("calls a plain exit a clean shell exit", async () => {
    await expect(explainAttachExit({ exitCode: 0, signal: 0 }, { readState: async () => "RUNNING" })).resolves.toEqual({
      code: 1000,
      reason: "The shell exited.",
    });
    await expect(explainAttachExit({ exitCode: 3, signal: 0 }, { readState: async () => "RUNNING" })).resolves.toMatchObject({
      code: 1000,
      reason: "The shell exited with status 3.",
    });
  });

  it("says the container stopped when it is no longer running, or gone", async () => {
    for (const state of ["STOPPED", "STOPPING", null]) {
      await expect(explainAttachExit({ exitCode: 137, signal: 0 }, { readState: async () => state, recheck: quick })).resolves.toEqual({
        code: 4001,
        reason: "The container stopped.",
      });
    }
  });

  it("looks again when the shell was killed while lxc-info still says RUNNING", async () => {
    const states = ["RUNNING", "RUNNING", "STOPPED"];
    const end = await explainAttachExit({ exitCode: 137, signal: 0 }, { readState: async () => states.shift() ?? "STOPPED", recheck: quick });
    expect(end.code).toBe(4001);
    const stays = await explainAttachExit({ exitCode: 130, signal: 0 }, { readState: async () => "RUNNING", recheck: quick });
    expect(stays).toEqual({ code: 1000, reason: "The shell exited with status 130." });
  });

  it("names the signal when lxc-attach was killed on the host", async () => {
    const end = await explainAttachExit({ exitCode: 0, signal: constants.signals.SIGKILL }, { readState: async () => "RUNNING" });
    expect(end).toEqual({ code: 4002, reason: "lxc-attach was killed on the host (SIGKILL)." });
  });

  it("does not call a container stopped when its state cannot be read", async () => {
    const end = await explainAttachExit({ exitCode: 0, signal: 0 }, { readState: () => Promise.reject(new Error("lxc-info missing")) });
    expect(end.code).toBe(1000);
  });
});
