import { describe, expect, it } from "vitest";
import { toolTimeoutMs } from "@/server/lxc/tool-timeouts";

describe("how long a tool may run", () => {
  it("limits the tools that must not hang, from LXC_TOOL_TIMEOUT_SECONDS", () => {
    expect(toolTimeoutMs(["lxc-info", "-n", "web", "-sH"], {})).toBe(60_000);
    expect(toolTimeoutMs(["lxc-freeze", "-n", "web"], { LXC_TOOL_TIMEOUT_SECONDS: "5" })).toBe(5_000);
    // A clean stop may take its own -t first; a destroy deletes a whole rootfs.
    expect(toolTimeoutMs(["lxc-stop", "-n", "web", "-t", "30"], {})).toBe(90_000);
    expect(toolTimeoutMs(["lxc-stop", "-n", "web", "-k"], {})).toBe(60_000);
    expect(toolTimeoutMs(["lxc-destroy", "-n", "web", "-f"], { LXC_TOOL_TIMEOUT_SECONDS: "10" })).toBe(50_000);
  });

  it("leaves long work (create, attach, monitor) unlimited, and ignores a bad setting", () => {
    for (const tool of ["lxc-create", "lxc-attach", "lxc-monitor", "lxc-snapshot", "lxc-copy"]) expect(toolTimeoutMs([tool, "-n", "web"], {})).toBeUndefined();
    for (const bad of ["0", "-3", "1.5", "soon", ""]) expect(toolTimeoutMs(["lxc-info"], { LXC_TOOL_TIMEOUT_SECONDS: bad })).toBe(60_000);
  });
});
