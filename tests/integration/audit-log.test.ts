// The audit log on real SQLite: rows written before a command and completed
// after it, rows cut short by a crash marked interrupted at the next start,
// and the list newest first with its filters.
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";

const database = useTempDatabase();
const { finishAudit, listAudit, markInterruptedAudits, recordRefusal, startAudit } = await import("@/server/audit");

afterAll(() => database.cleanup());

describe("audit log", () => {
  it("writes the row before the command and completes it after", async () => {
    const id = await startAudit({ actor: "alice", address: "10.0.0.5", action: "start", container: "web", command: "lxc-start -n web -d" });
    const [running] = await listAudit({ container: "web" });
    expect(running).toMatchObject({ id, outcome: "running", endedAt: null, command: "lxc-start -n web -d" });

    await finishAudit(id, { outcome: "failed", exitCode: 1, stderr: `${"x".repeat(5000)}` });
    const [done] = await listAudit({ container: "web" });
    expect(done).toMatchObject({ outcome: "failed", exitCode: 1 });
    expect(done!.endedAt).not.toBeNull();
    expect(done!.stderr!.length).toBeLessThan(4100); // an excerpt, not the whole stream
  });

  it("marks rows left running by a crash as interrupted, and only those", async () => {
    const cut = await startAudit({ actor: "alice", address: null, action: "stop", container: "db", command: "lxc-stop -n db" });
    const finished = await startAudit({ actor: "alice", address: null, action: "start", container: "db" });
    await finishAudit(finished, { outcome: "ok", exitCode: 0 });

    expect(await markInterruptedAudits()).toBe(1);
    const rows = await listAudit({ container: "db" });
    expect(rows.find((r) => r.id === cut)).toMatchObject({ outcome: "interrupted", detail: expect.stringContaining("stopped") });
    expect(rows.find((r) => r.id === finished)).toMatchObject({ outcome: "ok" });
    expect(await markInterruptedAudits()).toBe(0);
  });

  it("lists newest first, filtered by container, user and outcome, paged by id", async () => {
    await recordRefusal({ actor: "mallory", address: "10.0.0.66", action: "sign in", detail: "wrong password" });
    const all = await listAudit();
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    expect((await listAudit({ actor: "mallory" })).map((r) => [r.outcome, r.address])).toEqual([["refused", "10.0.0.66"]]);
    expect((await listAudit({ outcome: "interrupted" })).every((r) => r.container === "db")).toBe(true);
    const [newest] = all;
    expect((await listAudit({ before: newest!.id })).map((r) => r.id)).not.toContain(newest!.id);
  });
});
