import { describe, expect, it } from "vitest";
import { tokenNameProblem } from "@/lib/metrics-tokens";
import { escapeLabel, prometheusText } from "@/server/metrics/prometheus";
import type { ContainerRaw, HostRaw } from "@/server/metrics/types";

const ok = <T>(value: T) => ({ ok: true as const, value });

const web: ContainerRaw = {
  at: 0,
  initPid: 1,
  counters: {
    cpuNs: ok(12_500_000_000),
    memory: ok({ current: 1048576, limit: 67108864 }),
    swap: { ok: false, reason: "swap accounting is off" },
    memoryKinds: ok({ anon: 524288, file: 4096 }),
    pids: ok(4),
    io: ok({ readBytes: 8192, writeBytes: 0, readOps: 2, writeOps: 0 }),
  },
  net: ok(new Map([["eth0", { rxBytes: 1000, txBytes: 2000, rxPackets: 10, txPackets: 20 }]])),
};
const host: HostRaw = { at: 0, cpuTotal: 0, cpuIdle: 0, memTotal: 8e9, memAvailable: 6e9, swapUsed: 0, load1: 0.25, disk: ok({ free: 1e10, total: 1e11 }) };

describe("prometheusText", () => {
  const text = prometheusText({ containers: [{ name: "web", raw: web }], host, lastRoundMs: 1_800_000_000_000 });

  it("writes HELP and TYPE once per family, before its samples", () => {
    const lines = text.trimEnd().split("\n");
    const families = lines.filter((l) => l.startsWith("# TYPE ")).map((l) => l.split(" ")[2]);
    expect(new Set(families).size).toBe(families.length);
    for (const name of families) {
      const help = lines.indexOf(lines.find((l) => l.startsWith(`# HELP ${name} `))!);
      expect(lines[help + 1]).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge)$`));
    }
    expect(text).toContain("# TYPE lxc_container_cpu_seconds_total counter\nlxc_container_cpu_seconds_total{container=\"web\"} 12.5\n");
    expect(text).toMatch(/^lxc_container_network_receive_bytes_total\{container="web",interface="eth0"\} 1000$/m);
    expect(text).toMatch(/^lxc_container_memory_limit_bytes\{container="web"\} 67108864$/m);
    expect(text).toMatch(/^lxc_host_lxcpath_free_bytes 10000000000$/m);
    expect(text).toMatch(/^lxc_dashboard_last_sample_timestamp_seconds 1800000000$/m);
  });

  it("leaves out what is unavailable instead of sending 0", () => {
    expect(text).not.toMatch(/^lxc_container_memory_swap_bytes\{/m);
    expect(text).toContain("# TYPE lxc_container_memory_swap_bytes gauge");
  });

  it("escapes label values", () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe("tokenNameProblem", () => {
  it("wants a short printable name", () => {
    expect(tokenNameProblem("prometheus on nas")).toBeNull();
    expect(tokenNameProblem("  ")).toMatch(/Give the token a name/);
    expect(tokenNameProblem("x".repeat(61))).toMatch(/at most 60/);
    expect(tokenNameProblem("a\nb")).toMatch(/control characters/);
    expect(tokenNameProblem(42)).toMatch(/Give the token a name/);
  });
});
