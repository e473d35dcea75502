import { describe, expect, it } from "vitest";
import { hostAutostarter, parseAutostartList } from "@/server/autostart/autostart-plan";

describe("parseAutostartList", () => {
  it("reads lxc-autostart -L's NAME DELAY lines in their order", () => {
    expect(parseAutostartList("web 0\ndb 5\n\n")).toEqual([
      { name: "web", delaySeconds: 0 },
      { name: "db", delaySeconds: 5 },
    ]);
  });
  it("an empty list is no containers; a missing or bad delay is none", () => {
    expect(parseAutostartList("")).toEqual([]);
    expect(parseAutostartList("solo\nodd x\n")).toEqual([
      { name: "solo", delaySeconds: 0 },
      { name: "odd", delaySeconds: 0 },
    ]);
  });
});

describe("hostAutostarter", () => {
  const none = { systemdLxcEnabled: false, sysvLxcLinked: false };
  it("under systemd with lxc.service enabled, the host does it", () => {
    expect(hostAutostarter({ pid1: "systemd", ...none, systemdLxcEnabled: true })).toMatch(/lxc.service/);
    expect(hostAutostarter({ pid1: "systemd", ...none, sysvLxcLinked: true })).toBeNull();
  });
  it("under sysvinit with the lxc script linked, the host does it", () => {
    expect(hostAutostarter({ pid1: "init", ...none, sysvLxcLinked: true })).toMatch(/init.d\/lxc/);
    expect(hostAutostarter({ pid1: "init", ...none })).toBeNull();
  });
  it("any other PID 1 runs neither: the dashboard does it", () => {
    expect(hostAutostarter({ pid1: "tini", systemdLxcEnabled: true, sysvLxcLinked: true })).toBeNull();
  });
});
