import { describe, expect, it } from "vitest";
import { expiryText, formatAge } from "@/lib/image-format";
import { archesIn, filterImages, imageArchOf } from "@/lib/image-search";

const images = [
  { dist: "debian", release: "bookworm", arch: "amd64", variant: "default" },
  { dist: "debian", release: "bookworm", arch: "arm64", variant: "cloud" },
  { dist: "ubuntu", release: "noble", arch: "amd64", variant: "default" },
  { dist: "alpine", release: "3.20", arch: "amd64", variant: "default" },
];

describe("catalogue search", () => {
  it("needs every word in some part, ignoring case", () => {
    expect(filterImages(images, "Deb BOOK", "")).toHaveLength(2);
    expect(filterImages(images, "debian cloud", "")).toEqual([images[1]]);
    expect(filterImages(images, "debian noble", "")).toEqual([]);
    expect(filterImages(images, "  ", "")).toHaveLength(4);
  });

  it("filters by exact architecture", () => {
    expect(filterImages(images, "", "arm64")).toEqual([images[1]]);
    expect(filterImages(images, "3.2", "amd64")).toEqual([images[3]]);
    expect(archesIn(images)).toEqual(["amd64", "arm64"]);
  });

  it("names the host's architecture as lxc-download does", () => {
    expect(imageArchOf("x64")).toBe("amd64");
    expect(imageArchOf("arm")).toBe("armhf");
    expect(imageArchOf("mips")).toBeNull();
  });
});

describe("cache ages", () => {
  it("rounds ages coarsely", () => {
    expect(formatAge(42_000)).toBe("42 s");
    expect(formatAge(5 * 60_000)).toBe("5 min");
    expect(formatAge(30 * 3600_000)).toBe("30 h");
    expect(formatAge(3 * 86400_000)).toBe("3 days");
  });

  it("says whether lxc-download would call the image expired", () => {
    const now = Date.parse("2026-01-10T00:00:00Z");
    expect(expiryText("2026-01-08T00:00:00.000Z", now)).toEqual({ text: "expired 2 days ago", expired: true });
    expect(expiryText("2026-02-09T00:00:00.000Z", now)).toEqual({ text: "in 30 days", expired: false });
    expect(expiryText(null, now)).toEqual({ text: "no expiry", expired: false });
  });
});
