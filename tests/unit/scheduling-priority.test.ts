import { describe, expect, it } from "vitest";
import { CALM_BYTES, STREAMING_BYTES, StreamingDetector } from "@/server/scheduling/relay-priority";

describe("StreamingDetector", () => {
  const at = () => {
    const clock = { t: 0 };
    return { clock, detector: new StreamingDetector(() => clock.t) };
  };

  it("says streaming once more than 64 KiB come within a second, once", () => {
    const { clock, detector } = at();
    expect(detector.output(STREAMING_BYTES)).toBeNull();
    clock.t = 999;
    expect(detector.output(1)).toBe(true);
    expect(detector.output(STREAMING_BYTES)).toBeNull();
    expect(detector.isStreaming).toBe(true);
  });

  it("does not add up output across seconds: 60 KiB every second is not streaming", () => {
    const { clock, detector } = at();
    for (let s = 0; s < 10; s++) {
      clock.t = s * 1000;
      expect(detector.output(60 * 1024)).toBeNull();
    }
    expect(detector.isStreaming).toBe(false);
  });

  it("stays streaming while seconds hold more than the calm level, and is calm after a second with less", () => {
    const { clock, detector } = at();
    detector.output(STREAMING_BYTES + 1);
    clock.t = 1000;
    expect(detector.output(CALM_BYTES)).toBeNull(); // the first second closed with plenty
    clock.t = 2000;
    expect(detector.output(10)).toBeNull(); // the second closed with 8 KiB: not less than the calm level
    clock.t = 3000;
    expect(detector.output(10)).toBe(false); // the third closed with 10 bytes
  });

  it("is calm at the first key after a whole second without output, whatever came before", () => {
    const { clock, detector } = at();
    detector.output(10 * STREAMING_BYTES);
    clock.t = 1500;
    expect(detector.input()).toBeNull(); // the window just closed had plenty, and it is not yet two seconds
    clock.t = 3600;
    expect(detector.input()).toBe(false);
  });
});
