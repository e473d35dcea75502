import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseContainerConfig, parseLxcInfo, parseLxcLs, UnexpectedOutput } from "@/server/lxc";

// Real output captured on the development host (LXC 5.0.2): busybox containers,
// privileged and unprivileged, running, stopped and frozen, one with two IPv4 and
// two IPv6 addresses, one with autostart, one whose name is not ASCII.
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", `lxc-${name}.txt`), "utf8");

describe("parseLxcLs", () => {
  const rows = parseLxcLs(fixture("ls"));

  it("reads every row of the real output", () => {
    expect(rows.map((r) => r.name)).toEqual([
      "t-lxc-fx-priv-run",
      "t-lxc-fx-priv-stop",
      "t-lxc-fx-unpriv-run",
      "t-lxc-fx-unpriv-stop",
      "t-lxc-fx-é",
    ]);
  });

  it("splits several addresses joined by ', ' in a padded column", () => {
    expect(rows[0]).toEqual({
      name: "t-lxc-fx-priv-run",
      state: "RUNNING",
      pid: 9705,
      memoryBytes: Math.round(0.72 * 1024 * 1024),
      autostart: false,
      ipv4: ["10.0.3.250", "10.0.3.28"],
      ipv6: ["fd42::5", "fd42::6"],
      unprivileged: false,
    });
  });

  it("reads '-' as empty and AUTOSTART 1 as on", () => {
    expect(rows[1]).toEqual({
      name: "t-lxc-fx-priv-stop",
      state: "STOPPED",
      pid: null,
      memoryBytes: null,
      autostart: true,
      ipv4: [],
      ipv6: [],
      unprivileged: false,
    });
  });

  it("reads an unprivileged running container with one address", () => {
    expect(rows[2]).toMatchObject({ state: "RUNNING", pid: 16389, ipv4: ["10.0.3.186"], ipv6: [], unprivileged: true });
  });

  it("cuts columns by bytes, as lxc-ls pads them, so a non-ASCII name does not shift its row", () => {
    expect(rows[4]).toMatchObject({ name: "t-lxc-fx-é", state: "STOPPED", pid: null, autostart: false, unprivileged: false });
  });

  it("reads FROZEN", () => {
    expect(parseLxcLs(fixture("ls-frozen"))[2]).toMatchObject({ name: "t-lxc-fx-unpriv-run", state: "FROZEN", pid: 16389 });
  });

  it("gives no containers for empty output (lxc-ls prints nothing, not even a header)", () => {
    expect(parseLxcLs("")).toEqual([]);
  });

  it.each([
    ["512.00KB", 512 * 1024],
    ["0.00MB", 0],
    ["1.02MB", Math.round(1.02 * 1024 ** 2)],
    ["2.50GB", Math.round(2.5 * 1024 ** 3)],
  ])("reads RAM %s as %d bytes", (ram, bytes) => {
    const out = ["NAME STATE   PID RAM      AUTOSTART IPV4 IPV6 UNPRIVILEGED ", `web  RUNNING 42  ${ram.padEnd(8)} 0         -    -    true         `].join("\n");
    expect(parseLxcLs(out)[0]?.memoryBytes).toBe(bytes);
  });

  it("refuses output without the asked columns, or with an unknown state", () => {
    expect(() => parseLxcLs("NAME STATE\nweb RUNNING\n")).toThrow(UnexpectedOutput);
    const odd = fixture("ls").replace("STOPPED", "SLEEPING");
    expect(() => parseLxcLs(odd)).toThrow(/lxc-ls printed output the dashboard cannot read/);
  });
});

describe("parseLxcInfo", () => {
  it("reads a running container with several addresses and its host-side link, skipping the counters under it", () => {
    expect(parseLxcInfo(fixture("info-priv-run"))).toEqual({
      name: "t-lxc-fx-priv-run",
      state: "RUNNING",
      pid: 9705,
      ipv4: ["10.0.3.250", "10.0.3.28"],
      ipv6: ["fd42::5", "fd42::6"],
      memoryBytes: 757760,
      links: ["vethRn0xfr"],
    });
  });

  it("reads a stopped container, which has only Name and State", () => {
    expect(parseLxcInfo(fixture("info-priv-stop"))).toEqual({
      name: "t-lxc-fx-priv-stop",
      state: "STOPPED",
      pid: null,
      ipv4: [],
      ipv6: [],
      memoryBytes: null,
      links: [],
    });
  });

  it("reads a frozen unprivileged container", () => {
    expect(parseLxcInfo(fixture("info-unpriv-frozen"))).toMatchObject({ state: "FROZEN", pid: 16389, ipv4: ["10.0.3.186"], memoryBytes: 2572288 });
    expect(parseLxcInfo(fixture("info-unpriv-run"))).toMatchObject({ state: "RUNNING", pid: 16389 });
  });

  it("refuses output without Name and State", () => {
    expect(() => parseLxcInfo("t-lxc-nope doesn't exist\n")).toThrow(UnexpectedOutput);
  });
});

describe("parseContainerConfig", () => {
  it("reads the idmap and the rootfs path of an unprivileged container", () => {
    expect(parseContainerConfig(fixture("config-unpriv"))).toEqual({
      idmap: [
        { kind: "u", containerId: 0, hostId: 100000, count: 65536 },
        { kind: "g", containerId: 0, hostId: 100000, count: 65536 },
      ],
      autostart: false,
      rootfsPath: "/var/lib/lxc/t-lxc-fx-unpriv-run/rootfs",
      rawRootfsPath: "dir:/var/lib/lxc/t-lxc-fx-unpriv-run/rootfs",
    });
  });

  it("reads autostart and no idmap for a privileged one", () => {
    expect(parseContainerConfig(fixture("config-priv-autostart"))).toMatchObject({ idmap: [], autostart: true });
  });

  it("takes the last value of a key and ignores comments", () => {
    const text = "#lxc.start.auto = 1\nlxc.start.auto = 1\nlxc.start.auto = 0\nlxc.rootfs.path = /srv/r\n";
    expect(parseContainerConfig(text)).toEqual({ idmap: [], autostart: false, rootfsPath: "/srv/r", rawRootfsPath: "/srv/r" });
  });
});
