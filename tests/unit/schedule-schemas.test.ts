import { describe, expect, it } from "vitest";
import { cronPattern, describeSchedule, scheduleSpecSchema } from "@/lib/schedule-schemas";
import { nextRun } from "@/server/schedules/schedule-store";

describe("a schedule's spec", () => {
  it("becomes croner's pattern and a sentence", () => {
    expect(cronPattern({ frequency: "hourly", time: "07:15", weekday: 0 })).toBe("15 * * * *");
    expect(cronPattern({ frequency: "daily", time: "03:00", weekday: 0 })).toBe("0 3 * * *");
    expect(cronPattern({ frequency: "weekly", time: "04:30", weekday: 1 })).toBe("30 4 * * 1");
    expect(describeSchedule({ frequency: "hourly", time: "07:05", weekday: 0, keep: 24 })).toBe("hourly at :05, keep 24");
    expect(describeSchedule({ frequency: "weekly", time: "04:30", weekday: 1, keep: 4 })).toBe("weekly on Monday at 04:30, keep 4");
  });

  it.each([
    [{ frequency: "monthly", time: "03:00", keep: 3 }, "frequency"],
    [{ frequency: "daily", time: "24:00", keep: 3 }, "time"],
    [{ frequency: "daily", time: "3:00", keep: 3 }, "time"],
    [{ frequency: "daily", time: "03:00", keep: 0 }, "keep"],
    [{ frequency: "daily", time: "03:00", keep: 2.5 }, "keep"],
    [{ frequency: "daily", time: "03:00", keep: 101 }, "keep"],
    [{ frequency: "weekly", time: "03:00", weekday: 7, keep: 3 }, "weekday"],
    [{ frequency: "daily", time: "03:00", keep: 3, whileRunning: "kill" }, "whileRunning"],
  ])("refuses %j at its field", (input, field) => {
    const r = scheduleSpecSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe(field);
  });

  it("runs next when croner says, after the time given (host time zone)", () => {
    const from = new Date(2026, 11, 1, 10, 0, 0);
    expect(nextRun({ frequency: "hourly", time: "00:30", weekday: 0, keep: 1, whileRunning: "stop" }, from)).toEqual(new Date(2026, 11, 1, 10, 30));
    expect(nextRun({ frequency: "daily", time: "03:00", weekday: 0, keep: 1, whileRunning: "stop" }, from)).toEqual(new Date(2026, 11, 2, 3, 0));
    // 2026-12-01 is a Tuesday: the next Monday is the 7th.
    expect(nextRun({ frequency: "weekly", time: "04:30", weekday: 1, keep: 1, whileRunning: "stop" }, from)).toEqual(new Date(2026, 11, 7, 4, 30));
    // Exactly at a slot, the next one (a run never repeats its own slot).
    expect(nextRun({ frequency: "hourly", time: "00:00", weekday: 0, keep: 1, whileRunning: "stop" }, from)).toEqual(new Date(2026, 11, 1, 11, 0));
  });
});
