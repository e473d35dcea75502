import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckId, ReadinessReport, ReadinessRow } from "@/lib/host-readiness";
import { lookupUser, type HostUser } from "@/server/host/host-user";
import { USERNET_FILE } from "@/server/host/check-usernet";
import { checkHost } from "@/server/host/readiness";

/**
 * The readiness checks on this real host: ok for what scripts/setup-host.sh
 * prepared, and missing (with the right fix) for a requirement this test
 * takes away from a user of its own and then gives back. Leaves
 * /etc/lxc/lxc-usernet byte for byte as it found it and deletes the user.
 */

const rowOf = (report: ReadinessReport, id: CheckId): ReadinessRow => {
  const row = report.rows.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
};

/** root's first subuid range, read here independently of the parser under test. */
function rootRange(file: string): string {
  const line = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith("root:"));
  if (!line) throw new Error(`scripts/setup-host.sh gives root a range in ${file}; there is none`);
  const [, start, count] = line.split(":");
  return `${start} ${count}`;
}

describe("readiness of this host for root (what scripts/setup-host.sh prepared)", () => {
  let report: ReadinessReport;
  beforeAll(async () => {
    report = await checkHost({ dashboard: false });
  });

  it("is checked for root, with every row in the checklist's order", () => {
    expect(report.user).toBe("root");
    expect(report.root).toBe(true);
    expect(report.rows.map((r) => r.id)).toEqual(["lxc-tools", "kernel", "bridge", "subordinate-ids", "default-conf", "usernet", "cgroups", "disk", "forwarding"]);
  });

  it("finds the lxc tools, the kernel features and the bridge with its DHCP", () => {
    expect(rowOf(report, "lxc-tools")).toMatchObject({ state: "ok", fix: null });
    expect(rowOf(report, "lxc-tools").found).toMatch(/^LXC \d+\.\d+/);
    expect(rowOf(report, "kernel").state).toBe("ok");
    const bridge = rowOf(report, "bridge");
    expect(bridge.state).toBe("ok");
    expect(bridge.found).toMatch(/lxcbr0 up, 10\.0\.3\.1\/24, DHCP by dnsmasq \(pid \d+\)/);
  });

  it("shows root's subordinate ranges the way the by-hand check does", () => {
    const row = rowOf(report, "subordinate-ids");
    expect(row.state).toBe("ok");
    expect(row.found).toBe(`sub-user range is ${rootRange("/etc/subuid")}; sub-group range is ${rootRange("/etc/subgid")}`);
  });

  it("judges root by the dashboard's own unprivileged.conf, and exempts it from lxc-usernet and cgroup delegation", () => {
    expect(rowOf(report, "default-conf").state).toBe("ok");
    expect(rowOf(report, "default-conf").found).toMatch(/unprivileged\.conf \(veth on lxcbr0, lxc\.idmap u 0 \d+ 65536, g 0 \d+ 65536\)/);
    expect(rowOf(report, "usernet")).toMatchObject({ state: "ok", found: expect.stringContaining("does not apply") });
    expect(rowOf(report, "cgroups").state).toBe("ok");
    expect(rowOf(report, "disk").found).toMatch(/free of .* in \/var\/lib\/lxc/);
  });

  it("finds what port forwards need as root: nft and IPv4 forwarding (lxc-net turns it on)", () => {
    expect(rowOf(report, "forwarding")).toMatchObject({ state: "ok", found: expect.stringMatching(/^nftables v\S+.*; IPv4 forwarding on$/) });
  });
});

describe("readiness of a regular user, with its lxc-usernet line taken away and given back", () => {
  const name = `lxcdt${randomBytes(3).toString("hex")}`;
  const usernetBefore = existsSync(USERNET_FILE) ? readFileSync(USERNET_FILE) : null;
  let user: HostUser;

  const restoreUsernet = () => {
    if (usernetBefore === null) rmSync(USERNET_FILE, { force: true });
    else writeFileSync(USERNET_FILE, usernetBefore);
  };

  beforeAll(async () => {
    execFileSync("useradd", ["--create-home", "--shell", "/bin/sh", name]);
    // useradd gives a new user subordinate ranges on Debian; make sure of it either way.
    if (!readFileSync("/etc/subuid", "utf8").split("\n").some((l) => l.startsWith(`${name}:`))) {
      execFileSync("usermod", ["--add-subuids", "900000-965535", "--add-subgids", "900000-965535", name]);
    }
    user = await lookupUser(name);
  });

  afterAll(() => {
    restoreUsernet();
    execFileSync("userdel", ["--remove", name], { stdio: "ignore" });
    // userdel removes the user's subordinate ranges; nothing of the user may stay behind.
    for (const file of ["/etc/subuid", "/etc/subgid"]) {
      expect(readFileSync(file, "utf8")).not.toContain(`${name}:`);
    }
    const after = existsSync(USERNET_FILE) ? readFileSync(USERNET_FILE) : null;
    expect(after === null ? null : after.toString("utf8")).toBe(usernetBefore === null ? null : usernetBefore.toString("utf8"));
  });

  it("reports the missing lxc-usernet line with the exact command that adds it", async () => {
    restoreUsernet();
    const row = rowOf(await checkHost({ user, dashboard: false }), "usernet");
    expect(row).toMatchObject({ state: "missing", essential: true, canApply: false });
    expect(row.found).toContain(`no line for ${name}`);
    expect(row.fix).toBe(`echo '${name} veth lxcbr0 10' >> /etc/lxc/lxc-usernet`);
  });

  it("is ok once that command has run, with the quota and none of it in use", async () => {
    execFileSync("sh", ["-c", rowOf(await checkHost({ user, dashboard: false }), "usernet").fix!]);
    const row = rowOf(await checkHost({ user, dashboard: false }), "usernet");
    expect(row).toMatchObject({ state: "ok", fix: null, found: `${name} veth lxcbr0 10: 0 of 10 in use` });
  });

  it("is missing again when the line is taken away", async () => {
    restoreUsernet();
    expect(rowOf(await checkHost({ user, dashboard: false }), "usernet").state).toBe("missing");
  });

  it("reports the user's own default.conf as missing, with a command that runs as the user", async () => {
    const report = await checkHost({ user, dashboard: false });
    expect(report.root).toBe(false);
    const row = rowOf(report, "default-conf");
    expect(row.state).toBe("missing");
    expect(row.found).toBe(`there is no /home/${name}/.config/lxc/default.conf`);
    expect(row.fix).toMatch(new RegExp(`^runuser -u ${name} -- sh -c 'mkdir -p /home/${name}/.config/lxc && printf`));
    expect(row.canApply).toBe(false);
    // The subordinate ranges are there (useradd), and the cgroups are not delegated.
    expect(rowOf(report, "subordinate-ids").state).toBe("ok");
    expect(rowOf(report, "cgroups")).toMatchObject({ state: "missing", essential: false });
    expect(rowOf(report, "cgroups").fix).toContain(`chown -R ${name}:`);
  });
});
