import { describe, expect, it } from "vitest";
import { parseMonitorLine } from "@/server/live/monitor-line";

describe("parseMonitorLine", () => {
  it("reads a state change", () => {
    expect(parseMonitorLine("'web' changed state to [RUNNING]")).toEqual({ kind: "state", name: "web", state: "RUNNING" });
    expect(parseMonitorLine("'db-1' changed state to [STOPPED]\n")).toEqual({ kind: "state", name: "db-1", state: "STOPPED" });
  });

  it("reads an exit status", () => {
    expect(parseMonitorLine("'web' exited with status [137]")).toEqual({ kind: "exit", name: "web", status: 137 });
    expect(parseMonitorLine("'web' exited with status [0]")).toEqual({ kind: "exit", name: "web", status: 0 });
  });

  it("ignores a name the schema refuses, saying why", () => {
    const r = parseMonitorLine("'bad name;rm' changed state to [RUNNING]");
    expect(r.kind).toBe("ignored");
    expect(r.kind === "ignored" && r.reason).toMatch(/container name refused/);
    expect(parseMonitorLine("'123' changed state to [RUNNING]").kind).toBe("ignored");
    expect(parseMonitorLine("'-x' exited with status [1]").kind).toBe("ignored");
  });

  it("ignores garbage and unknown states", () => {
    for (const line of ["", "hello", "'web' changed state to [DANCING]", "'web' changed state to RUNNING", "web changed state to [RUNNING]"]) {
      expect(parseMonitorLine(line).kind).toBe("ignored");
    }
  });
});
