import { describe, expect, it } from "vitest";
import { idmapSentence } from "@/lib/idmap-text";

describe("idmapSentence", () => {
  it("writes a uid range out in words", () => {
    expect(idmapSentence({ kind: "u", containerId: 0, hostId: 100000, count: 65536 })).toBe(
      "container uid 0 → host uid 100000 (65536 ids)",
    );
  });
  it("says gid for a group range", () => {
    expect(idmapSentence({ kind: "g", containerId: 1000, hostId: 101000, count: 1 })).toBe(
      "container gid 1000 → host gid 101000 (1 id)",
    );
  });
});
