// Benchmark of a forwarded port's throughput (issue 12), in one run: a
// 64 MiB file served by busybox httpd in a container on lxcbr0, fetched with
// curl from a LAN stand-in (a network namespace of the benchmark's own, on
// 198.51.100.0/24):
//   - directly from the container's address (the baseline);
//   - through an nftables DNAT forward at the host's address on that link
//     (the rules the dashboard writes as root: forwardsRuleset, applied with
//     nft -f, in a table of the benchmark's own);
//   - through the userspace TCP proxy (what a regular user's dashboard runs).
// Goals: DNAT ≥ 0.9× of direct, proxy ≥ 0.5×. Five rounds each, alternated,
// medians of curl's speed_download. Bounded: 64 MiB a fetch, 60 s at most;
// traffic only between this host, its namespace and its container. All of it
// removed at the end, also when interrupted.
//
//   npx tsx bench/forward-throughput.ts      (root; ~1 min)
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-bench-fwd-data-"));
process.env.DATA_DIR = dataDir;
const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-bench-fwd-lxc-"));
chmodSync(lxcpath, 0o755);

const { makeLanClient } = await import("../tests/helpers/lan-namespace");
const { createServingContainer, removeServingContainer } = await import("../tests/helpers/service-container");
const { applyRuleset } = await import("../server/forwards/nftables");
const { forwardsRuleset } = await import("../server/forwards/nft-ruleset");
const { closeProxy, openProxy } = await import("../server/forwards/tcp-proxy");

const run = promisify(execFile);
const NAME = `t-fwdb-${randomBytes(3).toString("hex")}`;
const TABLE = `lxcd_bench_${randomBytes(3).toString("hex")}`;
const DNAT_PORT = 18190;
const PROXY_PORT = 18191;
const SIZE_MIB = 64;
const ROUNDS = 5;

let lan: ReturnType<typeof makeLanClient> | null = null;
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await closeProxy(1).catch(() => undefined);
  spawnSync("nft", ["delete", "table", "ip", TABLE]);
  lan?.remove();
  removeServingContainer(NAME, lxcpath);
  rmSync(lxcpath, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Bytes per second of one fetch of `url` from the LAN namespace (curl's speed_download); async, so the proxy in this process keeps running. */
async function fetchSpeed(url: string): Promise<number> {
  const { stdout } = await run("ip", ["netns", "exec", lan!.namespace, "curl", "-s", "-f", "-m", "60", "-o", "/dev/null", "-w", "%{size_download} %{speed_download}", url]);
  const [size, speed] = stdout.trim().split(" ").map(Number);
  if (size !== SIZE_MIB * 1024 * 1024) throw new Error(`${url}: got ${size} bytes`);
  return speed!;
}

async function main(): Promise<void> {
  const address = await createServingContainer(NAME, lxcpath);
  writeFileSync(path.join(lxcpath, NAME, "rootfs/www/big"), randomBytes(SIZE_MIB * 1024 * 1024));
  lan = makeLanClient();
  const bridge = { address: "10.0.3.1", subnet: "10.0.3.0/24" };
  await applyRuleset(forwardsRuleset(TABLE, [{ id: 1, container: NAME, protocol: "tcp", hostPort: DNAT_PORT, address, containerPort: 80 }], bridge));
  await openProxy(1, PROXY_PORT, { address, port: 80 });
  const urls = {
    direct: `http://${address}/big`,
    dnat: `http://${lan.hostEnd}:${DNAT_PORT}/big`,
    proxy: `http://${lan.hostEnd}:${PROXY_PORT}/big`,
  };
  const speeds: Record<keyof typeof urls, number[]> = { direct: [], dnat: [], proxy: [] };
  await fetchSpeed(urls.direct); // warm the page cache
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of Object.keys(urls) as Array<keyof typeof urls>) speeds[way].push(await fetchSpeed(urls[way]));
  }
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB/s`;
  const direct = median(speeds.direct);
  console.log(`${SIZE_MIB} MiB from busybox httpd, fetched from a LAN namespace, medians of ${ROUNDS}:`);
  console.log(`  direct to ${address}: ${mib(direct)}`);
  console.log(`  nftables DNAT at ${lan.hostEnd}:${DNAT_PORT}: ${mib(median(speeds.dnat))} — ratio ${(median(speeds.dnat) / direct).toFixed(3)}× (goal ≥ 0.9)`);
  console.log(`  userspace proxy at ${lan.hostEnd}:${PROXY_PORT}: ${mib(median(speeds.proxy))} — ratio ${(median(speeds.proxy) / direct).toFixed(3)}× (goal ≥ 0.5)`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanup().then(() => process.exit()));
