import { describe, expect, it } from "vitest";
import { containerRow } from "../helpers/container-row";
import { activityForChange } from "@/server/activity/state-rows";

const row = containerRow;
const outside = { by: "outside" } as const;
const alice = { by: "dashboard", actor: "alice" } as const;

describe("activityForChange", () => {
  it("says who stopped a container, or that it happened outside the dashboard", () => {
    expect(activityForChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: outside })).toMatchObject({
      container: "web",
      kind: "state",
      message: "stopped outside the dashboard",
      actor: null,
      level: "warning",
    });
    expect(activityForChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: alice })).toMatchObject({
      message: "stopped",
      actor: "alice",
      level: "info",
    });
  });

  it("names starts, freezes and unfreezes; transient states and column changes are no rows", () => {
    expect(activityForChange({ kind: "upsert", row: row("RUNNING"), before: row("STOPPED"), cause: alice })?.message).toBe("started");
    expect(activityForChange({ kind: "upsert", row: row("FROZEN"), before: row("RUNNING"), cause: outside })?.message).toBe("frozen outside the dashboard");
    expect(activityForChange({ kind: "upsert", row: row("RUNNING"), before: row("FROZEN"), cause: alice })?.message).toBe("unfrozen");
    expect(activityForChange({ kind: "upsert", row: row("STARTING"), before: row("STOPPED"), cause: alice })).toBeNull();
    expect(activityForChange({ kind: "upsert", row: { ...row("RUNNING"), ipv4: ["10.0.3.2"] }, before: row("RUNNING"), cause: outside })).toBeNull();
  });

  it("records made and destroyed containers", () => {
    expect(activityForChange({ kind: "upsert", row: row("STOPPED"), before: null, cause: outside })?.message).toBe("created outside the dashboard");
    expect(activityForChange({ kind: "remove", name: "web", before: row("STOPPED"), cause: alice })).toMatchObject({ message: "destroyed", actor: "alice" });
  });

  it("records a non-zero exit status as an error, and no row for status 0", () => {
    expect(activityForChange({ kind: "exit", name: "web", status: 137, cause: outside })).toMatchObject({
      message: "exited with status 137",
      exitStatus: 137,
      level: "error",
    });
    expect(activityForChange({ kind: "exit", name: "web", status: 0, cause: outside })).toBeNull();
  });
});
