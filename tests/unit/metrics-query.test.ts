import { describe, expect, it } from "vitest";
import { parseRangeQuery } from "@/lib/metrics-query";

const NOW = 1_800_000_000;
const ask = (q: string) => parseRangeQuery(new URLSearchParams(q), NOW);

describe("parseRangeQuery", () => {
  it("maps the picker's ranges to their steps", () => {
    expect(ask("range=15m")).toEqual({ ok: true, query: { from: NOW - 900, to: NOW, step: 5 } });
    expect(ask("range=24h")).toEqual({ ok: true, query: { from: NOW - 86_400, to: NOW, step: 60 } });
    expect(ask("range=1y")).toEqual({ ok: true, query: { from: NOW - 365 * 86_400, to: NOW, step: 21_600 } });
  });

  it("takes from/to as seconds or ISO 8601 and picks the finest step kept", () => {
    expect(ask(`from=${NOW - 600}`)).toEqual({ ok: true, query: { from: NOW - 600, to: NOW, step: 5 } });
    const iso = new Date((NOW - 2 * 86_400) * 1000).toISOString();
    expect(ask(`from=${iso}&to=${NOW - 86_400}`)).toEqual({ ok: true, query: { from: NOW - 2 * 86_400, to: NOW - 86_400, step: 60 } });
    expect(ask(`from=${NOW - 20 * 86_400}&step=7200`)).toEqual({ ok: true, query: { from: NOW - 20 * 86_400, to: NOW, step: 7200 } });
  });

  it("refuses, with a reason, what is not kept or is malformed", () => {
    const error = (q: string) => {
      const r = ask(q);
      return r.ok ? null : r.error;
    };
    expect(error("range=2h")).toMatch(/range must be one of 15m, 1h, 24h, 7d, 30d, 1y/);
    expect(error(`from=${NOW - 2 * 3600}&step=5`)).toMatch(/a 5 s step reaches back only 1 h \(memory\).*multiple of 1 min/);
    expect(error(`from=${NOW - 30 * 86_400}&step=60`)).toMatch(/a 1 min step reaches back only 7 d.*multiple of 1 h/);
    expect(error(`from=${NOW - 400 * 86_400}`)).toMatch(/before anything kept: history goes back 365 d/);
    expect(error("from=yesterday")).toMatch(/from must be seconds since 1970 or an ISO 8601 time/);
    expect(error(`from=${NOW - 60}&to=${NOW - 120}`)).toMatch(/from must be before to/);
    expect(error(`from=${NOW - 600}&step=2.5`)).toMatch(/step must be a whole number/);
    expect(error(`from=${NOW - 3600}&step=0`)).toMatch(/step must be a whole number/);
    expect(error("range=1h&from=1")).toMatch(/either range or from\/to/);
    expect(error("")).toMatch(/Give range/);
  });
});
