import { describe, expect, it } from "vitest";
import { buildTime, compareImages, imageLabel, parseImageIndex } from "@/lib/image-index";

// Lines as images.linuxcontainers.org serves them at /meta/1.0/index-system.
const REAL_LINES = [
  "almalinux;9;amd64;cloud;20251128_23:08;/images/almalinux/9/amd64/cloud/20251128_23:08",
  "alpine;3.20;amd64;default;20251128_13:00;/images/alpine/3.20/amd64/default/20251128_13:00",
  "alpine;3.9;amd64;default;20251128_13:00;/images/alpine/3.9/amd64/default/20251128_13:00",
  "debian;bookworm;arm64;default;20251128_05:24;/images/debian/bookworm/arm64/default/20251128_05:24",
  "ubuntu;noble;amd64;default;20251128_07:42;/images/ubuntu/noble/amd64/default/20251128_07:42",
  "ubuntu;noble;riscv64;cloud;20251128_07:42;/images/ubuntu/noble/riscv64/cloud/20251128_07:42",
];

describe("parseImageIndex", () => {
  it("reads every field of real index lines and sorts them (3.9 before 3.20)", () => {
    const { images, malformed } = parseImageIndex(`${[...REAL_LINES].reverse().join("\n")}\n`);
    expect(malformed).toBe(0);
    expect(images.map(imageLabel)).toEqual([
      "almalinux 9 amd64 cloud",
      "alpine 3.9 amd64 default",
      "alpine 3.20 amd64 default",
      "debian bookworm arm64 default",
      "ubuntu noble amd64 default",
      "ubuntu noble riscv64 cloud",
    ]);
    expect(images[3]).toEqual({
      dist: "debian",
      release: "bookworm",
      arch: "arm64",
      variant: "default",
      build: "20251128_05:24",
      builtAt: "2025-11-28T05:24:00.000Z",
      path: "/images/debian/bookworm/arm64/default/20251128_05:24",
    });
  });

  it("skips and counts malformed lines, keeping the good ones around them", () => {
    const text = [
      "<!DOCTYPE html>",
      REAL_LINES[0],
      "debian;bookworm;amd64;default;20251128_05:24", // five fields
      "debian;bookworm;amd64;default;20251128_05:24;/images/debian;extra", // seven fields
      "evil;--flush-cache;amd64;default;20251128_05:24;/images/evil", // a flag as a release
      "debian;bookworm;amd64;default;;/images/debian/bookworm", // no build
      "debian;bookworm;amd64;default;20251128_05:24;/images/../../etc", // climbs out
      "debian;bookworm;amd64;default;20251128_05:24;images/relative", // not from the root
      "deb ian;bookworm;amd64;default;20251128_05:24;/images/x", // space in a part
      "   ",
      `${REAL_LINES[4]}\r`, // CRLF line endings are fine
    ].join("\n");
    const { images, malformed } = parseImageIndex(text);
    expect(images.map(imageLabel)).toEqual(["almalinux 9 amd64 cloud", "ubuntu noble amd64 default"]);
    expect(malformed).toBe(8);
  });

  it("keeps the first line of an image listed twice, as lxc-download does", () => {
    const { images } = parseImageIndex(`${REAL_LINES[4]}\nubuntu;noble;amd64;default;20250101_00:00;/images/old\n`);
    expect(images).toHaveLength(1);
    expect(images[0]!.build).toBe("20251128_07:42");
  });

  it("gives nothing for an empty answer or a web page", () => {
    expect(parseImageIndex("")).toEqual({ images: [], malformed: 0 });
    expect(parseImageIndex("<html><body>Proxy login</body></html>\n").images).toEqual([]);
  });
});

describe("buildTime", () => {
  it("reads the server's build names as UTC times and refuses impossible dates", () => {
    expect(buildTime("20251127_07:42")).toBe("2025-11-27T07:42:00.000Z");
    expect(buildTime("20251340_07:42")).toBeNull();
    expect(buildTime("20251127_25:00")).toBeNull();
    expect(buildTime("v1.2")).toBeNull();
  });
});

describe("compareImages", () => {
  it("orders by dist, release (numerically), arch, variant", () => {
    const a = { dist: "alpine", release: "3.10", arch: "amd64", variant: "default" };
    const b = { dist: "alpine", release: "3.9", arch: "amd64", variant: "default" };
    expect(compareImages(b, a)).toBeLessThan(0);
    expect(compareImages(a, { ...a, variant: "cloud" })).toBeGreaterThan(0);
  });
});
