import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedImageDir, deleteCachedImage, ImageNotCached, listCachedImages, replaceCachedImage } from "@/server/images/local-cache";

let root: string;

/** A cache directory as lxc-download leaves it. */
async function cacheImage(parts: string[], files: Record<string, string>): Promise<string> {
  const dir = path.join(root, ...parts);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

const FULL = {
  "rootfs.tar.xz": "x".repeat(1000),
  config: "lxc.include = LXC_TEMPLATE_CONFIG/common.conf\n",
  "config-user": "lxc.include = LXC_TEMPLATE_CONFIG/userns.conf\n",
  expiry: "1767225600\n", // 2026-01-01T00:00:00Z
  build_id: "20251127_07:42\n",
};

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "image-cache-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("listCachedImages", () => {
  it("lists each DIST/RELEASE/ARCH/VARIANT with size, build, download time and expiry", async () => {
    const dir = await cacheImage(["debian", "bookworm", "amd64", "default"], FULL);
    await utimes(path.join(dir, "rootfs.tar.xz"), new Date("2025-11-28T10:00:00Z"), new Date("2025-11-28T10:00:00Z"));
    await cacheImage(["alpine", "3.20", "arm64", "cloud"], { "rootfs.tar.xz": "y" }); // no config: incomplete
    const images = await listCachedImages(root);
    expect(images.map((i) => `${i.dist} ${i.release} ${i.arch} ${i.variant}`)).toEqual([
      "alpine 3.20 arm64 cloud",
      "debian bookworm amd64 default",
    ]);
    const sizeOfFull = Object.values(FULL).reduce((n, text) => n + Buffer.byteLength(text), 0);
    expect(images[1]).toEqual({
      dist: "debian",
      release: "bookworm",
      arch: "amd64",
      variant: "default",
      sizeBytes: sizeOfFull,
      build: "20251127_07:42",
      builtAt: "2025-11-27T07:42:00.000Z",
      downloadedAt: "2025-11-28T10:00:00.000Z",
      expiresAt: "2026-01-01T00:00:00.000Z",
      complete: true,
    });
    expect(images[0]).toMatchObject({ build: null, expiresAt: null, complete: false });
  });

  it("skips what is not an image directory: temporary ones, odd names, symlinks", async () => {
    await cacheImage(["debian", "bookworm", "amd64", ".refresh-0a1b2c"], FULL);
    await cacheImage(["debian", "bookworm", "amd64", "with space"], FULL);
    const elsewhere = await cacheImage(["..", path.basename(root) + "-outside"], FULL);
    await mkdir(path.join(root, "ubuntu", "noble", "amd64"), { recursive: true });
    await symlink(elsewhere, path.join(root, "ubuntu", "noble", "amd64", "default"));
    try {
      expect(await listCachedImages(root)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("is empty when there is no cache yet", async () => {
    expect(await listCachedImages(path.join(root, "missing"))).toEqual([]);
  });
});

describe("deleting and replacing cached images", () => {
  it("deletes one image and the parent directories it leaves empty, nothing else", async () => {
    await cacheImage(["debian", "bookworm", "amd64", "default"], FULL);
    await cacheImage(["debian", "trixie", "amd64", "default"], FULL);
    const r = await deleteCachedImage({ dist: "debian", release: "bookworm", arch: "amd64", variant: "default" }, root);
    expect(r.dir).toBe(path.join(root, "debian", "bookworm", "amd64", "default"));
    expect(r.sizeBytes).toBeGreaterThan(1000);
    expect(await readdir(path.join(root, "debian"))).toEqual(["trixie"]);
  });

  it("refuses an image that is not cached and parts that could leave the cache", async () => {
    await expect(deleteCachedImage({ dist: "debian", release: "sid", arch: "amd64", variant: "default" }, root)).rejects.toThrow(
      "debian sid amd64 default is not in the local image cache.",
    );
    for (const bad of ["..", "../..", "a/b", "-rf", ""]) {
      expect(() => cachedImageDir({ dist: bad, release: "x", arch: "amd64", variant: "default" }, root)).toThrow(ImageNotCached);
    }
  });

  it("refuses to delete through a symlink", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "image-cache-outside-"));
    try {
      await writeFile(path.join(outside, "keep"), "me");
      await mkdir(path.join(root, "debian", "sid", "amd64"), { recursive: true });
      await symlink(outside, path.join(root, "debian", "sid", "amd64", "default"));
      await expect(deleteCachedImage({ dist: "debian", release: "sid", arch: "amd64", variant: "default" }, root)).rejects.toThrow(ImageNotCached);
      expect(await readFile(path.join(outside, "keep"), "utf8")).toBe("me");
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("swaps a filled directory in for the old copy, or in place of none", async () => {
    const key = { dist: "busybox", release: "1.36", arch: "amd64", variant: "default" };
    await cacheImage(["busybox", "1.36", "amd64", "default"], { ...FULL, build_id: "old\n" });
    const fresh = await cacheImage(["busybox", "1.36", "amd64", ".refresh-1"], { ...FULL, build_id: "new\n" });
    await replaceCachedImage(key, fresh, root);
    expect(await readdir(path.join(root, "busybox", "1.36", "amd64"))).toEqual(["default"]);
    expect((await listCachedImages(root))[0]?.build).toBe("new");

    const other = { ...key, variant: "cloud" };
    await replaceCachedImage(other, await cacheImage(["busybox", "1.36", "amd64", ".refresh-2"], FULL), root);
    expect((await listCachedImages(root)).map((i) => i.variant)).toEqual(["cloud", "default"]);
  });
});
