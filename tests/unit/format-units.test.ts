import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatTimestamp } from "@/lib/format-units";

describe("formatBytes", () => {
  it("keeps small counts in bytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
  });
  it("switches unit at each power of 1024", () => {
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(12.3 * 1024 * 1024)).toBe("12.3 MiB");
    expect(formatBytes(200 * 1024 * 1024)).toBe("200 MiB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GiB");
  });
});

describe("formatDuration", () => {
  it("shows sub-second and second durations", () => {
    expect(formatDuration(420)).toBe("0.42 s");
    expect(formatDuration(12_340)).toBe("12.3 s");
  });
  it("shows minutes past a minute", () => {
    expect(formatDuration(83_000)).toBe("1 min 23 s");
  });
});

describe("formatTimestamp", () => {
  it("writes local date and time with zero padding", () => {
    const iso = new Date(2026, 0, 5, 7, 8, 9).toISOString();
    expect(formatTimestamp(iso)).toBe("2026-01-05 07:08:09");
  });
});
