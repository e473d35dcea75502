import { describe, expect, it } from "vitest";
import { formatUidRange, uidInRange, uidRangeProblem, uidRangeSchema } from "@/lib/uid-range";

describe("uid-range input", () => {
  it.each([
    ["100000", { from: 100000, to: 100000 }],
    ["100000-165535", { from: 100000, to: 165535 }],
    [" 100000 - 165535 ", { from: 100000, to: 165535 }],
    ["0", { from: 0, to: 0 }],
    ["4294967294", { from: 4294967294, to: 4294967294 }],
  ])("accepts %j", (input, range) => {
    expect(uidRangeSchema.parse(input)).toEqual(range);
    expect(uidRangeProblem(input)).toBeNull();
  });

  it.each(["", "abc", "100000-", "-5", "1e5", "0x186a0", "100000-99999", "4294967295", "12345678901", "1,2", "1 2", 100000, null])(
    "refuses %j with a message",
    (input) => {
      expect(uidRangeProblem(input)).toEqual(expect.any(String));
    },
  );

  it("formats a range the way it is typed", () => {
    expect(formatUidRange({ from: 100000, to: 100000 })).toBe("100000");
    expect(formatUidRange({ from: 100000, to: 165535 })).toBe("100000-165535");
  });

  it("includes both ends", () => {
    const range = { from: 100000, to: 165535 };
    expect([99999, 100000, 165535, 165536].map((uid) => uidInRange(uid, range))).toEqual([false, true, true, false]);
  });
});
