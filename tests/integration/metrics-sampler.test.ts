import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { makePrivateLxcpath, memoryLimitLine, type PrivateLxcpath } from "../helpers/private-lxcpath";
import { eventually } from "./lxc-helpers";

// The sampler against real busybox containers in a private lxcpath, with a
// real SQLite database: CPU of `yes`, memory filled up to a 64 MiB limit,
// bytes sent from the host to a listening port, and rollups that outlive the
// sampler (the dashboard restarting).

const database = useTempDatabase();
const { MetricsSampler } = await import("@/server/metrics/sampler");
const { readSeries } = await import("@/server/metrics/query");
const { ContainerNetReader } = await import("@/server/metrics/container-net");
const { db } = await import("@/server/db");

const MiB = 1024 * 1024;
let box: PrivateLxcpath;

beforeAll(() => {
  box = makePrivateLxcpath("t-metrics");
});
afterAll(async () => {
  box?.remove();
  await db().$disconnect();
  database.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The container's IPv4 address, once DHCP has given it one. */
async function addressOf(name: string): Promise<string> {
  return eventually(async () => /inet (10\.\d+\.\d+\.\d+)/.exec(box.attach(name, "ip", "-4", "addr", "show", "eth0"))?.[1], 30_000, `an address for ${name}`);
}

describe("the sampler on real containers", () => {
  it("sees `yes` use one core (±15%) within 15 s, measured in the container's own cgroup", async () => {
    // A large CPU weight: on this shared 2-core machine the container gets its core even while others' tests run.
    const name = box.create("yes", ["lxc.cgroup.cpu.shares = 262144"]);
    box.start(name);
    box.attach(name, "/bin/sh", "-c", "yes > /dev/null 2>&1 < /dev/null &");
    const sampler = new MetricsSampler({ lxcpath: box.lxcpath, intervalSeconds: 5, persist: false });
    const started = Date.now();
    sampler.round();
    const cpu = await eventually(
      async () => {
        await sleep(5000);
        const p = sampler.round().containers.get(name);
        return p?.cpu !== null && p?.cpu !== undefined && Math.abs(p.cpu - 100) <= 15 ? p.cpu : undefined;
      },
      15_000,
      "a CPU point near 100%",
    );
    expect(Date.now() - started).toBeLessThanOrEqual(16_000);
    expect(cpu).toBeGreaterThanOrEqual(85);
    expect(cpu).toBeLessThanOrEqual(115);
    box.stop(name);
  });

  it("sees memory filled up to a 64 MiB limit", async () => {
    const name = box.create("mem", [memoryLimitLine(64 * MiB)]);
    box.start(name);
    const sampler = new MetricsSampler({ lxcpath: box.lxcpath, intervalSeconds: 5, persist: false });
    expect(sampler.round().containers.get(name)?.mem).toBeLessThan(16 * MiB);
    // tmpfs pages are the filling process's memory until the file goes; 100 MiB asked, the limit allows 64.
    box.attach(name, "/bin/sh", "-c", "mkdir -p /fill && mount -t tmpfs -o size=200m fill /fill && (dd if=/dev/zero of=/fill/data bs=1M count=100 2>/dev/null; true)");
    const p = sampler.round().containers.get(name)!;
    expect(p.memLimit).toBe(64 * MiB);
    expect(p.mem).toBeGreaterThanOrEqual(0.85 * 64 * MiB);
    expect(p.mem).toBeLessThanOrEqual(64 * MiB);
    box.stop(name);
  });

  it("counts the bytes the host sends to the container's port in its rx series (within 5%)", async () => {
    const name = box.create("net");
    box.start(name);
    const address = await addressOf(name);
    box.attach(name, "/bin/sh", "-c", "nc -l -p 5123 > /dev/null 2>&1 < /dev/null &");
    const sampler = new MetricsSampler({ lxcpath: box.lxcpath, intervalSeconds: 5, persist: false });
    sampler.round();
    await sleep(1000);
    const first = sampler.round();
    const SENT = 20 * MiB;
    await eventually(
      () =>
        new Promise<true | undefined>((resolve) => {
          const socket = connect({ host: address, port: 5123 }, () => socket.end(Buffer.alloc(SENT, 7)));
          socket.on("close", (hadError) => resolve(hadError ? undefined : true));
          socket.on("error", () => resolve(undefined));
        }),
      10_000,
      `nc listening on ${address}:5123`,
    );
    await sleep(500);
    const second = sampler.round();
    const rx = second.containers.get(name)!.netRx! * ((second.at - first.at) / 1000);
    expect(Math.abs(rx - SENT) / SENT).toBeLessThanOrEqual(0.05);
    expect(second.containers.get(name)!.netTx).toBeGreaterThan(0); // the ACKs went the other way
    // eth0's own series (kept in the rollups beside the container's totals) says the same.
    const eth0 = sampler.interfaceSeries(name, "eth0")!.ring.latest()!;
    expect(eth0.netRx).toBe(second.containers.get(name)!.netRx);
    expect(eth0.cpu).toBeNull();
    // Up to the second round's stamp: points are stamped on the 5 s grid (rounded to the nearest), so the
    // stamp can be up to 2.5 s past the round's own clock, and a range ending at the clock would leave it out.
    const now = second.at;
    const to = Math.max(Math.floor(now / 1000), second.containers.get(name)!.t);
    const series = await readSeries(name, { from: to - 600, to, step: 5 }, { lxcpath: box.lxcpath, sampler, now }, "eth0");
    expect(series).toMatchObject({ interface: "eth0", interfaces: ["eth0"] });
    expect(Object.keys(series.values).sort()).toEqual(["netRx", "netRxPackets", "netTx", "netTxPackets"]);
    expect(Math.max(...series.values.netRx!.map((v) => v ?? 0))).toBeGreaterThan(0);
    box.stop(name);
  });

  it("keeps the rollups across a restart: a new sampler answers the 24 h range from the database", async () => {
    const name = box.create("keep");
    box.start(name);
    // A clock a minute ahead per round: each round closes a minute.
    let now = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    const clock = () => now;
    const first = new MetricsSampler({ lxcpath: box.lxcpath, intervalSeconds: 5, now: clock });
    for (let i = 0; i < 4; i++) {
      first.round();
      now += 60_000;
    }
    await first.stop();
    expect(await db().metricMinute.count({ where: { series: { container: name } } })).toBe(3);

    const second = new MetricsSampler({ lxcpath: box.lxcpath, intervalSeconds: 5, now: clock });
    const series = await readSeries(name, { from: Math.floor(now / 1000) - 86_400, to: Math.floor(now / 1000), step: 60 }, { lxcpath: box.lxcpath, sampler: second, now });
    const withMemory = series.values.mem!.filter((v) => v !== null);
    expect(withMemory).toHaveLength(3);
    expect(Math.min(...withMemory)).toBeGreaterThan(0);
    box.stop(name);
  });

  it("picks up an interface added to a running container (a veth end moved into it) and reads it from its host end", async () => {
    const name = box.create("nic");
    const pid = box.start(name);
    const reader = new ContainerNetReader();
    reader.beginRound();
    const before = reader.read(pid);
    expect(before.ok && [...before.value.keys()]).toEqual(["eth0"]);
    const hostEnd = `vt${randomBytes(3).toString("hex")}`;
    execFileSync("ip", ["link", "add", hostEnd, "type", "veth", "peer", "name", `${hostEnd}c`]);
    try {
      // What `lxc-device add` does for a privileged container, by hand (it cannot enter an unprivileged one's namespaces).
      execFileSync("ip", ["link", "set", `${hostEnd}c`, "netns", String(pid)]);
      box.attach(name, "ip", "link", "set", "dev", `${hostEnd}c`, "name", "eth1");
      box.attach(name, "ip", "link", "set", "eth1", "up");
      execFileSync("ip", ["link", "set", hostEnd, "up"]);
      reader.beginRound();
      const after = reader.read(pid);
      expect(after.ok && [...after.value.keys()].sort()).toEqual(["eth0", "eth1"]);
      expect(reader.peersOf(pid)?.get("eth1")).toBe(hostEnd);
    } finally {
      execFileSync("ip", ["link", "del", hostEnd], { stdio: "ignore" });
      box.stop(name);
    }
  });
});
