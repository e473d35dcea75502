import { describe, expect, it } from "vitest";
import {
  checkSettings,
  formatCpuList,
  parseCpuList,
  parseMemorySize,
  settingKeys,
  type HostLimits,
  type SettingsValues,
} from "@/lib/container-settings";

const GiB = 1024 ** 3;
const limits: HostLimits = {
  memoryBytes: 8 * GiB,
  cpus: [0, 1],
  bridges: ["lxcbr0", "br-lan"],
  cgroup: { memory: "v1", cpu: "v1", cpuset: "v1" },
};
const current: SettingsValues = {
  autostart: false,
  startDelay: "",
  startOrder: "",
  memoryLimit: "",
  cpuShares: "",
  cpuSet: "",
  networkLink: "lxcbr0",
};
const context = { limits, current, networkType: "veth" };
const check = (patch: Partial<SettingsValues>, ctx = context) => checkSettings({ ...current, ...patch }, ctx);

describe("settings fields", () => {
  it("accepts values in range and normalises them", () => {
    expect(check({ autostart: true, startDelay: " 5 ", startOrder: "-3", memoryLimit: "512m", cpuShares: "512", cpuSet: "1,0", networkLink: "br-lan" })).toEqual({
      ok: true,
      values: { autostart: true, startDelay: "5", startOrder: "-3", memoryLimit: "512M", cpuShares: "512", cpuSet: "0-1", networkLink: "br-lan" },
    });
  });

  it.each([
    ["memoryLimit", { memoryLimit: "0" }, "at least 4M"],
    ["memoryLimit", { memoryLimit: "8G" }, "The host has 8.0 GiB of RAM"],
    ["memoryLimit", { memoryLimit: "lots" }, "Enter a size such as 512M"],
    ["memoryLimit", { memoryLimit: "512M; lxc.apparmor.profile = unconfined" }, "Enter a size"],
    ["cpuSet", { cpuSet: "0-3" }, "This host has no CPU 2-3; the CPUs online are 0-1."],
    ["cpuSet", { cpuSet: "1-0" }, "Enter CPUs such as"],
    ["cpuShares", { cpuShares: "1" }, "CPU shares is a whole number from 2 to 262144."],
    ["startDelay", { startDelay: "1.5" }, "The delay is a whole number from 0 to 3600."],
    ["startOrder", { startOrder: "5000" }, "The order is a whole number from -1000 to 1000."],
    ["networkLink", { networkLink: "br-missing" }, "There is no bridge named br-missing on this host."],
    ["networkLink", { networkLink: "" }, "A veth interface needs a bridge."],
  ])("refuses %s %j at the field", (field, patch, message) => {
    const r = check(patch);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors[field as keyof SettingsValues]).toContain(message);
    expect(!r.ok && Object.keys(r.fieldErrors)).toEqual([field]);
  });

  it("reports every refused field at once", () => {
    const r = check({ memoryLimit: "0", cpuSet: "7" });
    expect(!r.ok && Object.keys(r.fieldErrors).sort()).toEqual(["cpuSet", "memoryLimit"]);
  });

  it("leaves an unchanged value alone even if the host no longer offers it", () => {
    const gone = { ...context, current: { ...current, networkLink: "br-old", cpuSet: "3" } };
    expect(check({ networkLink: "br-old", cpuSet: "3" }, gone).ok).toBe(true);
    expect(check({ networkLink: "br-old", cpuSet: "2" }, gone)).toMatchObject({ ok: false, fieldErrors: { cpuSet: expect.any(String) } });
  });

  it("allows the link to change on a veth interface only", () => {
    const macvlan = { ...context, networkType: "macvlan" };
    expect(check({ networkLink: "br-lan" }, macvlan)).toMatchObject({ ok: false, fieldErrors: { networkLink: "The link can be changed for a veth network interface only." } });
    expect(check({}, macvlan).ok).toBe(true);
  });

  it("uses cgroup v2's range and keys where the controller is in the unified hierarchy", () => {
    const v2 = { ...context, limits: { ...limits, cgroup: { memory: "v2", cpu: "v2", cpuset: "v2" } as const } };
    expect(check({ cpuShares: "10000" }, v2).ok).toBe(true);
    expect(check({ cpuShares: "20000" }, v2).ok).toBe(false);
    expect(settingKeys(v2.limits.cgroup)).toMatchObject({
      memoryLimit: "lxc.cgroup2.memory.max",
      cpuShares: "lxc.cgroup2.cpu.weight",
      cpuSet: "lxc.cgroup2.cpuset.cpus",
    });
    expect(settingKeys(limits.cgroup)).toMatchObject({
      memoryLimit: "lxc.cgroup.memory.limit_in_bytes",
      cpuShares: "lxc.cgroup.cpu.shares",
      cpuSet: "lxc.cgroup.cpuset.cpus",
    });
  });

  it("refuses a limit the host has no controller for", () => {
    const none = { ...context, limits: { ...limits, cgroup: { memory: null, cpu: "v1", cpuset: "v1" } as const } };
    expect(check({ memoryLimit: "512M" }, none)).toMatchObject({ ok: false, fieldErrors: { memoryLimit: expect.stringContaining("no memory cgroup controller") } });
    expect(settingKeys(none.limits.cgroup).memoryLimit).toBeNull();
  });

  it("refuses what is not the form's shape", () => {
    expect(checkSettings({ ...current, autostart: "yes" }, context).ok).toBe(false);
    expect(checkSettings(null, context).ok).toBe(false);
  });
});

describe("sizes and CPU lists", () => {
  it("reads sizes with the suffixes cgroups take", () => {
    expect(parseMemorySize("512M")).toBe(512 * 1024 ** 2);
    expect(parseMemorySize("2g")).toBe(2 * GiB);
    expect(parseMemorySize("4096")).toBe(4096);
    expect(parseMemorySize("1.5G")).toBeNull();
    expect(parseMemorySize("-1")).toBeNull();
  });

  it("reads and writes the kernel's CPU list format", () => {
    expect(parseCpuList("0-2,5")).toEqual([0, 1, 2, 5]);
    expect(parseCpuList("3,1,1")).toEqual([1, 3]);
    expect(parseCpuList("2-1")).toBeNull();
    expect(parseCpuList("0,,1")).toBeNull();
    expect(formatCpuList([5, 0, 1, 2, 7, 8])).toBe("0-2,5,7-8");
    expect(formatCpuList([])).toBe("");
  });
});
