import { describe, expect, it } from "vitest";
import { LoginRateLimiter } from "@/server/auth/login-rate-limit";

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("login rate limiter", () => {
  const keys = ["address:10.0.0.9", "name:alice"];

  it("allows 10 failures in a minute, then refuses the 11th attempt until the window passes", () => {
    const clock = fakeClock();
    const limiter = new LoginRateLimiter({ windowMs: 60_000, maxFailures: 10 }, clock.now);
    for (let i = 0; i < 10; i++) {
      expect(limiter.allows(keys)).toBe(true);
      limiter.recordFailure(keys);
      clock.advance(1000);
    }
    // The 11th attempt, 10 s after the first failure: refused before any password is looked at.
    expect(limiter.allows(keys)).toBe(false);
    expect(limiter.retryAfterMs(keys)).toBe(50_000);

    clock.advance(49_999);
    expect(limiter.allows(keys)).toBe(false);
    clock.advance(1);
    expect(limiter.allows(keys)).toBe(true);
    expect(limiter.retryAfterMs(keys)).toBe(0);
  });

  it("counts per key: a locked name locks every address trying it, a locked address every name", () => {
    const clock = fakeClock();
    const limiter = new LoginRateLimiter({ windowMs: 60_000, maxFailures: 3 }, clock.now);
    for (let i = 0; i < 3; i++) limiter.recordFailure(["address:a", "name:alice"]);
    expect(limiter.allows(["address:b", "name:alice"])).toBe(false);
    expect(limiter.allows(["address:a", "name:bob"])).toBe(false);
    expect(limiter.allows(["address:b", "name:bob"])).toBe(true);
  });

  it("does not extend the lock for refused attempts", () => {
    const clock = fakeClock();
    const limiter = new LoginRateLimiter({ windowMs: 1000, maxFailures: 2 }, clock.now);
    limiter.recordFailure(keys);
    limiter.recordFailure(keys);
    for (let i = 0; i < 5; i++) {
      clock.advance(100);
      expect(limiter.allows(keys)).toBe(false);
    }
    clock.advance(500);
    expect(limiter.allows(keys)).toBe(true);
  });

  it("forgets a name's failures after a success", () => {
    const limiter = new LoginRateLimiter({ windowMs: 60_000, maxFailures: 2 }, fakeClock().now);
    limiter.recordFailure(["name:alice"]);
    limiter.recordFailure(["name:alice"]);
    expect(limiter.allows(["name:alice"])).toBe(false);
    limiter.clear("name:alice");
    expect(limiter.allows(["name:alice"])).toBe(true);
  });
});

describe("login rate limiter, attempts in flight", () => {
  it("counts an attempt before its check and takes it back when it succeeds", () => {
    const clock = fakeClock();
    const limiter = new LoginRateLimiter({ windowMs: 60_000, maxFailures: 2 }, clock.now);
    const first = limiter.recordFailure(["address:a"]);
    clock.advance(10);
    limiter.recordFailure(["address:a"]);
    expect(limiter.allows(["address:a"])).toBe(false);
    limiter.withdraw(["address:a"], first);
    expect(limiter.allows(["address:a"])).toBe(true);
    limiter.withdraw(["address:a"], first); // only one mark per withdrawal
    expect(limiter.allows(["address:a"])).toBe(true);
    limiter.recordFailure(["address:a"]);
    expect(limiter.allows(["address:a"])).toBe(false);
  });
});
