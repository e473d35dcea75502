import { describe, expect, it } from "vitest";
import { containerRow } from "../helpers/container-row";
import { Coalescer } from "@/server/alerts/coalesce";
import { autostartCandidates, diskCandidate, oomCandidate, readinessCandidate, StopRule, type AlertCandidate } from "@/server/alerts/evaluate";
import { withoutSecret } from "@/server/alerts/deliver/types";
import { MAX_ATTEMPTS, nextAttemptAt } from "@/server/alerts/retry-schedule";
import { emailAddressProblem, targetUrlProblem } from "@/server/alerts/target-url";

const row = containerRow;
const outside = { by: "outside" } as const;
const alice = { by: "dashboard", actor: "alice" } as const;

describe("the unexpected-stop rule", () => {
  it("fires for a stop outside the dashboard, naming the container", () => {
    const c = new StopRule().onChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: outside }, 0);
    expect(c).toMatchObject({ rule: "unexpected-stop", container: "web", title: "web stopped outside the dashboard", level: "warning" });
  });

  it("stays quiet for a dashboard stop with status 0, and speaks for a non-zero one", () => {
    const rule = new StopRule();
    rule.onChange({ kind: "exit", name: "web", status: 0, cause: alice }, 0);
    expect(rule.onChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: alice }, 100)).toBeNull();
    rule.onChange({ kind: "exit", name: "web", status: 137, cause: alice }, 1000);
    expect(rule.onChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: alice }, 1100)).toMatchObject({
      title: "web exited with status 137",
      level: "error",
    });
  });

  it("makes one alert of an exit line and the STOPPED after it; ignores an old exit and non-stops", () => {
    const rule = new StopRule();
    expect(rule.onChange({ kind: "exit", name: "web", status: 2, cause: outside }, 0)).toBeNull();
    expect(rule.onChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: outside }, 50)?.title).toBe("web exited with status 2");
    rule.onChange({ kind: "exit", name: "web", status: 2, cause: outside }, 0);
    expect(rule.onChange({ kind: "upsert", row: row("STOPPED"), before: row("RUNNING"), cause: outside }, 60_000)?.title).toBe("web stopped outside the dashboard");
    expect(rule.onChange({ kind: "upsert", row: row("RUNNING"), before: row("STOPPED"), cause: outside }, 0)).toBeNull();
    expect(rule.onChange({ kind: "upsert", row: row("STOPPED"), before: null, cause: outside }, 0)).toBeNull();
  });
});

describe("the other rules", () => {
  it("OOM: one alert per increase of oom_kill", () => {
    expect(oomCandidate("db", 2, 2)).toBeNull();
    expect(oomCandidate("db", 2, 3)).toMatchObject({ rule: "oom-kill", container: "db", title: "db: out-of-memory kill" });
    expect(oomCandidate("db", 0, 3)?.body).toMatch(/3 processes/);
  });

  it("autostart: only containers marked to start that are not running", () => {
    const rows = [row("STOPPED", { name: "a", autostart: true }), row("RUNNING", { name: "b", autostart: true }), row("STOPPED", { name: "c" })];
    expect(autostartCandidates(rows, 2).map((c) => c.container)).toEqual(["a"]);
  });

  it("host readiness: only checks that turned bad", () => {
    const p = (id: string) => ({ id, title: id, state: "missing", found: "x", fix: null }) as never;
    expect(readinessCandidate({ ready: false, problems: [p("bridge")], checkedAt: "" }, { ready: true, problems: [], checkedAt: "" })?.title).toBe("Host needs attention: bridge");
    expect(readinessCandidate({ ready: false, problems: [p("bridge")], checkedAt: "" }, { ready: false, problems: [p("bridge")], checkedAt: "" })).toBeNull();
  });

  it("free disk: below the threshold only", () => {
    expect(diskCandidate("/var/lib/lxc", 5, 100, 10)?.title).toBe("Low disk: 5.0% free under /var/lib/lxc");
    expect(diskCandidate("/var/lib/lxc", 50, 100, 10)).toBeNull();
  });
});

describe("coalescing", () => {
  const flap = (n: number): AlertCandidate => ({ rule: "unexpected-stop", container: "web", title: `web stopped #${n}`, body: "", level: "warning" });

  it("a container flapping 100 times a minute for ten minutes gives a bounded number of alerts, with counts that add up", () => {
    const c = new Coalescer(5 * 60_000);
    const raised: Array<{ count: number }> = [];
    for (let i = 0; i < 1000; i++) {
      const now = i * 600; // 100 a minute
      for (const s of c.flush(now)) raised.push(s);
      const first = c.offer(flap(i), now);
      if (first) raised.push(first);
    }
    for (const s of c.flush(10 * 60_000 + 5 * 60_000)) raised.push(s);
    expect(raised.length).toBeLessThanOrEqual(4);
    expect(raised.reduce((sum, a) => sum + a.count, 0)).toBe(1000);
    expect(raised[0]).toMatchObject({ count: 1 });
  });

  it("keeps containers and rules apart, and forgets a quiet window", () => {
    const c = new Coalescer(1000);
    expect(c.offer(flap(1), 0)).not.toBeNull();
    expect(c.offer({ ...flap(2), container: "db" }, 0)).not.toBeNull();
    expect(c.offer({ ...flap(3), rule: "oom-kill" }, 0)).not.toBeNull();
    expect(c.offer(flap(4), 10)).toBeNull();
    expect(c.flush(999)).toEqual([]);
    const [summary] = c.flush(1000);
    expect(summary).toMatchObject({ count: 1, title: "web stopped #4 (1 more time)" });
    expect(c.flush(2000)).toEqual([]);
    expect(c.offer(flap(5), 2500)).toMatchObject({ count: 1 });
  });
});

describe("the outbox retry schedule", () => {
  it("backs off 15 s, 1 min, 5 min, 15 min, 30 min, then hourly, and gives up after the last attempt", () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => nextAttemptAt(i + 1, t0)!.getTime() - t0.getTime());
    expect(delays.slice(0, 6)).toEqual([15_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000]);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
    expect(nextAttemptAt(MAX_ATTEMPTS, t0)).toBeNull();
  });
});

describe("target addresses", () => {
  const self = { port: 3000, hostNames: new Set(["myhost", "192.168.1.5"]) };
  it("takes http(s) URLs elsewhere, including other ports of this machine", () => {
    expect(targetUrlProblem("https://ntfy.example/alerts", self)).toBeNull();
    expect(targetUrlProblem("http://127.0.0.1:9000/hook", self)).toBeNull();
  });
  it("refuses other schemes, credentials in the URL and the dashboard itself", () => {
    expect(targetUrlProblem("ftp://x/y", self)).toMatch(/http/);
    expect(targetUrlProblem("file:///etc/passwd", self)).toMatch(/http/);
    expect(targetUrlProblem("not a url", self)).toMatch(/full URL/);
    expect(targetUrlProblem("https://u:p@example.org/", self)).toMatch(/token field/);
    for (const u of ["http://localhost:3000/api", "http://127.0.0.1:3000/", "http://[::1]:3000/", "http://myhost:3000/x", "http://192.168.1.5:3000/", "http://0.0.0.0:3000/"]) {
      expect(targetUrlProblem(u, self), u).toMatch(/dashboard itself/);
    }
  });
  it("checks an e-mail address", () => {
    expect(emailAddressProblem("ops@example.org")).toBeNull();
    expect(emailAddressProblem("a@b")).not.toBeNull();
    expect(emailAddressProblem("a@b.c, d@e.f")).not.toBeNull();
  });
});

describe("a receiver's answer in the log", () => {
  it("never carries the target's secret: as sent, JSON-escaped, or cut off at the end", () => {
    expect(withoutSecret('HTTP 200: {"headers":{"Authorization":"Bearer s3cr3t-token"}}', "s3cr3t-token")).toBe('HTTP 200: {"headers":{"Authorization":"Bearer [secret]"}}');
    expect(withoutSecret('HTTP 200: {"auth":"Bearer a\\"b"}', 'a"b')).toBe('HTTP 200: {"auth":"Bearer [secret]"}');
    expect(withoutSecret("HTTP 200: echo: Bearer s3cr3t", "s3cr3t-token")).toBe("HTTP 200: echo: Bearer [secret]");
    expect(withoutSecret("HTTP 500: down", "s3cr3t-token")).toBe("HTTP 500: down");
    expect(withoutSecret("HTTP 200: ok", null)).toBe("HTTP 200: ok");
  });
});
