import { describe, expect, it } from "vitest";
import { CLOCK_TICKS_PER_SECOND, cpuPercent } from "@/server/processes/procfs/cpu-percent";
import { ProcessSampler, sharedProcessSampler, type CpuSample } from "@/server/processes/procfs/process-sampler";
import { peekProcessSingleton } from "@/server/process-singleton";

describe("cpuPercent (top's Irix mode)", () => {
  it("is the share of one CPU over the interval", () => {
    expect(CLOCK_TICKS_PER_SECOND).toBe(100);
    expect(cpuPercent(50, 1000)).toBe(50); // 0.5 s of CPU in 1 s
    expect(cpuPercent(30, 2000)).toBe(15); // 0.3 s in 2 s
    expect(cpuPercent(1, 200)).toBe(5); // one tick in top's first frame
  });

  it("exceeds 100 for a process busy on several CPUs", () => {
    expect(cpuPercent(300, 1500)).toBe(200);
  });

  it("uses the given tick rate", () => {
    expect(cpuPercent(1024, 1000, 1024)).toBe(100);
  });

  it("is 0 for no time or no ticks", () => {
    expect(cpuPercent(10, 0)).toBe(0);
    expect(cpuPercent(0, 1000)).toBe(0);
  });
});

describe("ProcessSampler", () => {
  const sample = (hostPid: number, cpuTicks: number, atMs: number, startTicks = 500): CpuSample => ({
    hostPid,
    startTicks,
    cpuTicks,
    atMs,
  });

  it("has no baseline for a process it never saw", () => {
    expect(new ProcessSampler().baselineFor(sample(10, 5, 1000))).toBeNull();
  });

  it("measures against the previous sample of the same process", () => {
    const sampler = new ProcessSampler();
    sampler.record([sample(10, 100, 1000)]);
    sampler.recordListing([10], 1000);
    expect(sampler.baselineFor(sample(10, 150, 2000))).toEqual(sample(10, 100, 1000));
  });

  it("does not measure a reused PID against the old process", () => {
    const sampler = new ProcessSampler();
    sampler.record([sample(10, 100, 1000, 500)]);
    sampler.recordListing([10], 1000);
    expect(sampler.baselineFor(sample(10, 3, 2000, 900))).toBeNull();
  });

  it("counts all the CPU of a process born since the last listing, from that listing", () => {
    const sampler = new ProcessSampler();
    sampler.recordListing([10, 11], 1000);
    expect(sampler.baselineFor(sample(12, 20, 2000))).toEqual(sample(12, 0, 1000));
    // A process that was listed but never sampled existed unseen: no baseline.
    expect(sampler.baselineFor(sample(11, 20, 2000))).toBeNull();
  });

  it("refuses baselines older than maxSampleAgeMs", () => {
    const sampler = new ProcessSampler({ maxSampleAgeMs: 5000 });
    sampler.record([sample(10, 100, 1000)]);
    sampler.recordListing([10], 1000);
    expect(sampler.baselineFor(sample(10, 900, 7000))).toBeNull();
    expect(sampler.baselineFor(sample(13, 900, 7000))).toBeNull();
  });

  it("forgets processes missing from a newer listing and ignores an older one", () => {
    const sampler = new ProcessSampler();
    sampler.record([sample(10, 100, 1000), sample(11, 100, 1000)]);
    sampler.recordListing([10, 11], 1000);
    sampler.recordListing([10], 2000);
    expect(sampler.baselineFor(sample(10, 100, 2500))).not.toBeNull();
    // 11 is gone: a new process at PID 11 was born after the listing at 2000.
    expect(sampler.baselineFor(sample(11, 7, 2500))).toEqual(sample(11, 0, 2000));
    sampler.recordListing([10, 11], 1500);
    expect(sampler.baselineFor(sample(11, 7, 2500))).toEqual(sample(11, 0, 2000));
  });

  it("keeps the newer of two samples recorded out of order", () => {
    const sampler = new ProcessSampler();
    sampler.record([sample(10, 200, 2000)]);
    sampler.record([sample(10, 100, 1000)]);
    expect(sampler.baselineFor(sample(10, 250, 2500))?.cpuTicks).toBe(200);
  });

  it("is one instance per process (a process singleton)", () => {
    expect(sharedProcessSampler()).toBe(sharedProcessSampler());
    expect(peekProcessSingleton("process-sampler")).toBe(sharedProcessSampler());
  });
});
