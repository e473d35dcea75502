import { describe, expect, it } from "vitest";
import { ScrollbackRing } from "@/server/terminal/scrollback-ring";

const text = (s: string) => Buffer.from(s);

describe("ScrollbackRing", () => {
  it("returns everything while it fits", () => {
    const ring = new ScrollbackRing(16);
    ring.append(text("abc"));
    ring.append(text("de\nf"));
    expect(ring.snapshot().toString()).toBe("abcde\nf");
    expect(ring.size).toBe(7);
  });

  it("is empty at first", () => {
    expect(new ScrollbackRing(8).snapshot().length).toBe(0);
  });

  it("never holds more than its capacity, keeping the newest bytes", () => {
    const ring = new ScrollbackRing(10);
    for (let i = 0; i < 100; i++) ring.append(text(`${i}\n`));
    expect(ring.size).toBe(10);
    // The kept 10 bytes are "\n97\n98\n99\n" minus the cut first line.
    expect(ring.snapshot().toString()).toBe("97\n98\n99\n");
  });

  it("wraps around the end of its buffer in order", () => {
    const ring = new ScrollbackRing(8);
    ring.append(text("12345\n"));
    ring.append(text("abcd"));
    // Kept: "345\nabcd"; the partial first line is dropped from the replay.
    expect(ring.snapshot().toString()).toBe("abcd");
    ring.append(text("\nxy"));
    // Kept: "\nabcd\nxy"; the cut is at a line start, and so is the replay.
    expect(ring.snapshot().toString()).toBe("abcd\nxy");
  });

  it("keeps the tail of a chunk bigger than itself", () => {
    const ring = new ScrollbackRing(6);
    ring.append(text("line one\nline two\nend"));
    expect(ring.size).toBe(6);
    expect(ring.snapshot().toString()).toBe("end");
  });

  it("replays a cut buffer without a newline as it is", () => {
    const ring = new ScrollbackRing(4);
    ring.append(text("yyyyyyyy"));
    expect(ring.snapshot().toString()).toBe("yyyy");
  });

  it("does not trim when exactly full without losing anything", () => {
    const ring = new ScrollbackRing(4);
    ring.append(text("a\nbc"));
    expect(ring.snapshot().toString()).toBe("a\nbc");
  });
});
