// Issue 12: "Fixed address" pins a container's IPv4 with a DHCP reservation
// on lxcbr0 (lxc-net's dnsmasq reads /etc/lxc/dhcp-hosts.d, set up by
// scripts/setup-host.sh): the container gets the address at its next start
// and keeps it across restarts; an address outside the bridge's subnet, the
// bridge's own, or one another container has is refused at the field with
// nothing written; the reservation goes with the container. Containers on a
// private lxcpath, the live state and audit of this process on a temporary
// database.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServingContainer, removeServingContainer, waitForAddress } from "../helpers/service-container";
import { freeBridgeAddress } from "../helpers/free-bridge-address";
import { testContainerConf } from "../helpers/test-container-conf";
import { useTempDatabase } from "../helpers/temp-database";

const database = useTempDatabase();
const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-fixed-lxc-"));
process.env.LXC_LXCPATH = lxcpath;
const { setFixedAddress, HOSTS_DIR } = await import("@/server/addresses/fixed-address");
const { performAction } = await import("@/server/containers/container-actions");

const id = randomBytes(3).toString("hex");
const PINNED = `t-fix-${id}`;
const OTHER = `t-fixo-${id}`;
const who = { actor: "tester", address: null };
const lxc = (tool: string, ...args: string[]) => execFileSync(tool, ["-P", lxcpath, ...args], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
const reservation = (name: string) => path.join(HOSTS_DIR, `lxc-dashboard.${name}`);
let fixed: string;

async function waitForExactly(name: string, address: string): Promise<void> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const now = lxc("lxc-info", "-n", name, "-iH").split("\n").map((a) => a.trim()).filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
    if (now.includes(address)) return;
    if (Date.now() > deadline) throw new Error(`${name} has ${now.join(", ") || "no address"}, not ${address}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  chmodSync(lxcpath, 0o755);
  await createServingContainer(PINNED, lxcpath);
  writeFileSync(`${lxcpath}/other.conf`, testContainerConf());
  lxc("lxc-create", "-n", OTHER, "-t", "busybox", "-f", `${lxcpath}/other.conf`);
}, 180_000);

afterAll(() => {
  for (const name of [PINNED, OTHER]) rmSync(reservation(name), { force: true });
  removeServingContainer(PINNED, lxcpath);
  try {
    lxc("lxc-destroy", "-n", OTHER, "-f");
  } catch {
    /* gone */
  }
  rmSync(lxcpath, { recursive: true, force: true });
  database.cleanup();
}, 120_000);

describe("fixed address", () => {
  it("is refused at the field outside the bridge's subnet, at the bridge's own address, or when another container has it; nothing written", async () => {
    const before = readFileSync(`${lxcpath}/${OTHER}/config`, "utf8");
    expect(await setFixedAddress(who, OTHER, "10.0.4.5")).toEqual({ ok: false, field: "address", error: "10.0.4.5 is outside lxcbr0's subnet 10.0.3.0/24." });
    expect(await setFixedAddress(who, OTHER, "10.0.3.1")).toMatchObject({ ok: false, field: "address", error: expect.stringMatching(/lxcbr0's own address/) });
    expect(await setFixedAddress(who, OTHER, "not-an-address")).toMatchObject({ ok: false, field: "address" });
    const current = await waitForAddress(PINNED, lxcpath);
    expect(await setFixedAddress(who, OTHER, current)).toEqual({ ok: false, field: "address", error: `${current} is taken: ${PINNED} has it now.` });
    expect(readFileSync(`${lxcpath}/${OTHER}/config`, "utf8")).toBe(before);
    expect(existsSync(reservation(OTHER))).toBe(false);
  }, 60_000);

  it("is the container's address from its next start, and survives a restart of the container", async () => {
    fixed = freeBridgeAddress(HOSTS_DIR);
    const r = await setFixedAddress(who, PINNED, fixed);
    expect(r).toMatchObject({ ok: true });
    const mac = /^lxc\.net\.0\.hwaddr = (\S+)$/m.exec(readFileSync(`${lxcpath}/${PINNED}/config`, "utf8"))?.[1];
    expect(mac).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
    expect(readFileSync(reservation(PINNED), "utf8").trim()).toBe(`${mac},${fixed}`);
    for (let round = 0; round < 2; round++) {
      lxc("lxc-stop", "-n", PINNED, "-k");
      lxc("lxc-start", "-n", PINNED, "-d");
      await waitForExactly(PINNED, fixed);
    }
    // Reserved for PINNED: another container may not have it.
    expect(await setFixedAddress(who, OTHER, fixed)).toMatchObject({ ok: false, field: "address", error: expect.stringMatching(new RegExp(`${PINNED}`)) });
  }, 150_000);

  it("goes with the container when it is destroyed", async () => {
    lxc("lxc-stop", "-n", PINNED, "-k");
    expect(await performAction(who, PINNED, "destroy")).toMatchObject({ ok: true });
    expect(existsSync(reservation(PINNED))).toBe(false);
  }, 90_000);
});
