// Container settings on real LXC: fields checked against this host, the diff,
// the write on a stopped container only, lxc-start honouring what was written
// (memory limit, CPU shares and set in the container's cgroups, the veth on the
// chosen bridge), and the audit row of a change. A bridge of the test's own is
// made for the link change and removed afterwards.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { writeTestContainerConf } from "../helpers/test-container-conf";
import { removeContainer, uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { planSettings, readContainerSettings, SettingsRefused, writeSettings } = await import("@/server/lxc/container-settings");
const { saveSettings } = await import("@/server/containers/settings-service");
const { withContainerLock } = await import("@/server/lxc");
const { listAudit } = await import("@/server/audit");

const name = uniqueName("settings");
const bridge = `t-br-${randomBytes(3).toString("hex")}`;
const configPath = `/var/lib/lxc/${name}/config`;
const who = { actor: "tester", address: "127.0.0.1" };

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const config = () => readFileSync(configPath, "utf8");
const cgroup = (key: string) => run("lxc-cgroup", ["-n", name, key]);

const unchanged = { autostart: false, startDelay: "", startOrder: "", memoryLimit: "", cpuShares: "", cpuSet: "", networkLink: "lxcbr0" };

/** The error a promise rejects with (the test fails if it resolves). */
async function refusal(p: Promise<unknown>): Promise<InstanceType<typeof SettingsRefused>> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SettingsRefused);
  return err as InstanceType<typeof SettingsRefused>;
}

beforeAll(() => {
  const conf = writeTestContainerConf("t-settings-");
  try {
    run("lxc-create", ["-n", name, "-t", "busybox", "-f", conf.path]);
  } finally {
    conf.remove();
  }
  run("ip", ["link", "add", bridge, "type", "bridge"]);
});

afterAll(() => {
  removeContainer(name);
  try {
    run("ip", ["link", "del", bridge]);
  } catch {
    // never made
  }
  database.cleanup();
});

describe("container settings on real LXC", () => {
  it("reads the stopped container's settings and what this host offers", async () => {
    const s = await readContainerSettings(name);
    expect(s.state).toBe("STOPPED");
    expect(s.current).toEqual(unchanged);
    expect(s.networkType).toBe("veth");
    expect(s.limits.bridges).toEqual(expect.arrayContaining(["lxcbr0", bridge]));
    expect(s.limits.cpus).toContain(0);
    // This host is cgroup v1 + v2 hybrid with every controller in v1, so lxc.cgroup.* keys are the ones LXC applies.
    expect(s.limits.cgroup).toEqual({ memory: "v1", cpu: "v1", cpuset: "v1" });
  });

  it("refuses out-of-range values at their fields and writes nothing", async () => {
    const before = config();
    const err = await refusal(planSettings(name, { ...unchanged, memoryLimit: "0", cpuSet: "0-999", networkLink: "br-nope" }));
    expect(err.fieldErrors).toEqual({
      memoryLimit: expect.stringContaining("at least 4M"),
      cpuSet: expect.stringContaining("This host has no CPU"),
      networkLink: "There is no bridge named br-nope on this host.",
    });
    expect((await refusal(planSettings(name, unchanged))).message).toContain("Nothing to change");
    expect(config()).toBe(before);
  });

  it("shows the change as a diff, writes exactly it, and lxc-start honours it", async () => {
    const wanted = { autostart: true, startDelay: "2", startOrder: "5", memoryLimit: "256M", cpuShares: "512", cpuSet: "0", networkLink: bridge };
    const before = config();
    const plan = await planSettings(name, wanted);
    expect(plan.diff.filter((l) => l.kind === "added").map((l) => l.text)).toEqual([
      `lxc.net.0.link = ${bridge}`,
      "lxc.start.auto = 1",
      "lxc.start.delay = 2",
      "lxc.start.order = 5",
      "lxc.cgroup.memory.limit_in_bytes = 256M",
      "lxc.cgroup.cpu.shares = 512",
      "lxc.cgroup.cpuset.cpus = 0",
    ]);
    expect(plan.diff.filter((l) => l.kind === "removed").map((l) => l.text)).toEqual(["lxc.net.0.link = lxcbr0"]);
    expect(config()).toBe(before);

    await writeSettings(name, wanted, plan.fingerprint);
    expect(config()).toBe(plan.after);
    expect((await readContainerSettings(name)).current).toEqual(wanted);

    run("lxc-start", ["-n", name, "-d"]);
    expect(cgroup("memory.limit_in_bytes")).toBe(String(256 * 1024 * 1024));
    expect(cgroup("cpu.shares")).toBe("512");
    expect(cgroup("cpuset.cpus")).toBe("0");
    const veth = /Link:\s+(\S+)/.exec(run("lxc-info", ["-n", name]))?.[1];
    expect(veth).toBeDefined();
    expect(readdirSync(`/sys/class/net/${bridge}/brif`)).toContain(veth);
    expect(run("lxc-ls", ["-f", "-F", "NAME,AUTOSTART", name])).toMatch(new RegExp(`${name}\\s+1`));
  });

  it("refuses to write on a running container and leaves the config as it was", async () => {
    const s = await readContainerSettings(name);
    expect(s.state).toBe("RUNNING");
    const before = config();
    const wanted = { ...s.current, memoryLimit: "128M" };
    const plan = await planSettings(name, wanted);
    expect((await refusal(writeSettings(name, wanted, plan.fingerprint))).message).toBe(`${name} is running; stop it before changing its settings.`);
    expect(config()).toBe(before);
    run("lxc-stop", ["-n", name, "-k"]);
  });

  it("refuses a change reviewed against a config that has changed since, and one while the container is busy", async () => {
    const s = await readContainerSettings(name);
    const wanted = { ...s.current, memoryLimit: "128M" };
    const plan = await planSettings(name, wanted);
    appendFileSync(configPath, "# edited by hand meanwhile\n");
    expect((await refusal(writeSettings(name, wanted, plan.fingerprint))).message).toContain("changed since the diff was shown");
    expect(config()).not.toContain("128M");

    const fresh = await planSettings(name, wanted);
    let release!: () => void;
    const holder = withContainerLock(name, "starting", () => new Promise<void>((r) => (release = r)));
    await expect(writeSettings(name, wanted, fresh.fingerprint)).rejects.toMatchObject({ code: "CONTAINER_BUSY" });
    release();
    await holder;
  });

  it("audits a change with its description, and a refused one as failed", async () => {
    const s = await readContainerSettings(name);
    const wanted = { ...s.current, memoryLimit: "64M", networkLink: "lxcbr0" };
    const r = await saveSettings(who, name, wanted, s.fingerprint);
    expect(r).toMatchObject({ ok: true });
    expect(config()).toContain("lxc.cgroup.memory.limit_in_bytes = 64M");
    expect(config()).toContain("lxc.net.0.link = lxcbr0");

    run("lxc-start", ["-n", name, "-d"]);
    const again = await readContainerSettings(name);
    const refused = await saveSettings(who, name, { ...again.current, memoryLimit: "32M" }, again.fingerprint);
    expect(refused).toMatchObject({ ok: false, error: `${name} is running; stop it before changing its settings.` });
    run("lxc-stop", ["-n", name, "-k"]);

    const rows = await listAudit({ container: name });
    expect(rows.map((row) => [row.action, row.outcome])).toEqual([
      ["settings", "failed"],
      ["settings", "ok"],
    ]);
    expect(rows[1]!.command).toBe(`edit the config: lxc.cgroup.memory.limit_in_bytes: 256M → 64M; lxc.net.0.link: ${bridge} → lxcbr0`);
    expect(rows[1]!.detail).toContain(configPath);
    expect(rows[0]!.detail).toContain("is running");
  });
});
