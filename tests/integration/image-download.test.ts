// The download path against a local mirror on loopback: the catalogue reads
// its index, a create picks its image (unprivileged, through the same
// startCreate the create page calls), lxc-download fetches it over https
// into the cache and the container starts; a refresh swaps in a newer build;
// with the mirror gone the cached image still makes a container
// (--force-cache, even expired); delete empties the cache. All audited.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";
import { buildBusyboxImage, startImageMirror, type ImageMirror, type TestImage } from "./image-mirror";
import { eventually, removeContainer, uniqueName } from "./lxc-helpers";

const database = useTempDatabase();
const { getCatalogue, imageCacheRoot, listCachedImages, refreshImage, deleteImage } = await import("@/server/images");
const { forgetCatalogues } = await import("@/server/images/catalogue");
const { startCreate } = await import("@/server/containers/create-service");
const { getOperation, watchOperation } = await import("@/server/containers/operations");
const { listAudit } = await import("@/server/audit");

const who = { actor: "tester", address: "127.0.0.1" };
const BUILD = "20261128_00:00";
const NEWER = "20261129_12:30";
const cacheRoot = imageCacheRoot();
const cacheRootExisted = existsSync(cacheRoot);
const originalHome = process.env.HOME;
const made: string[] = [];

let image: TestImage;
let mirror: ImageMirror;
let key: { dist: string; release: string; arch: string; variant: string };

const state = (name: string) => execFileSync("lxc-info", ["-n", name, "-sH"], { encoding: "utf8" }).trim();
const cacheDir = () => path.join(cacheRoot, key.dist, key.release, key.arch, key.variant);

async function create(input: Record<string, unknown>): Promise<{ outcome: string; message: string; lines: string[] }> {
  const r = await startCreate(who, { template: "download", unprivileged: true, ...key, ...input });
  if (!r.ok) return { outcome: "refused", message: JSON.stringify(r.fieldErrors), lines: [] };
  const op = getOperation(r.operationId)!;
  const lines: string[] = [];
  return new Promise((resolve) =>
    watchOperation(op, (e) => {
      if (e.type === "line") lines.push(e.text);
      else if (e.type === "end") resolve({ outcome: e.outcome, message: e.message, lines });
    }),
  );
}

beforeAll(async () => {
  image = buildBusyboxImage();
  key = { dist: image.dist, release: image.release, arch: image.arch, variant: image.variant };
  mirror = await startImageMirror(image);
  mirror.publish(BUILD, ["<garbage line>"]);
  // The tools (wget in the catalogue, in a refresh and in lxc-download) read ~/.wgetrc, which trusts the mirror's CA.
  process.env.HOME = mirror.home;
});

afterAll(async () => {
  process.env.HOME = originalHome;
  made.forEach(removeContainer);
  await mirror?.close();
  if (image) {
    rmSync(image.dir, { recursive: true, force: true });
    rmSync(path.join(cacheRoot, image.dist), { recursive: true, force: true });
  }
  if (!cacheRootExisted && existsSync(cacheRoot) && readdirSync(cacheRoot).length === 0) rmdirSync(cacheRoot);
  database.cleanup();
});

describe("the download template against a local mirror", () => {
  it("lists the mirror's image in the catalogue, skipping a garbage line", async () => {
    const catalogue = await getCatalogue(mirror.server);
    expect(catalogue).toMatchObject({ ok: true, server: mirror.server, malformed: 1 });
    expect(catalogue.images).toEqual([
      { ...key, build: BUILD, builtAt: "2026-11-28T00:00:00.000Z", path: `/images/${key.dist}/1.36/amd64/default/${BUILD}` },
    ]);
    expect(mirror.requests).toContain("/meta/1.0/index-system");
  });

  it("refuses an image the mirror does not list, before anything runs", async () => {
    const r = await create({ name: uniqueName("img"), server: mirror.server, release: "9.99" });
    expect(r).toMatchObject({ outcome: "refused", message: expect.stringContaining("release") });
  });

  it("creates an unprivileged container from the catalogue's image, which starts", async () => {
    const name = uniqueName("img");
    made.push(name);
    const r = await create({ name, server: mirror.server, start: true });
    expect(r.outcome, r.lines.join("\n")).toBe("ok");
    expect(r.lines).toContain(`A busybox test image (${key.dist}).`);
    expect(mirror.requests).toEqual(expect.arrayContaining([`/images/${key.dist}/1.36/amd64/default/${BUILD}/rootfs.tar.xz`]));
    await eventually(async () => (state(name) === "RUNNING" ? true : undefined), 15_000, `${name} to run`);
    expect(execFileSync("lxc-attach", ["-n", name, "--", "cat", "/etc/inittab"], { encoding: "utf8" })).toContain("rcS");

    const cached = (await listCachedImages()).find((i) => i.dist === key.dist);
    expect(cached).toMatchObject({ ...key, build: BUILD, complete: true });
  });

  it("refreshes the cached image when the mirror lists a newer build, and says so when it has it already", async () => {
    mirror.publish(NEWER);
    forgetCatalogues();
    const r = await refreshImage(who, { ...key, server: mirror.server });
    expect(r).toEqual({ ok: true, message: `${key.dist} 1.36 amd64 default: build ${NEWER} downloaded` });
    expect(readFileSync(path.join(cacheDir(), "build_id"), "utf8")).toBe(`${NEWER}\n`);
    expect(readdirSync(cacheDir()).sort()).toEqual(["build_id", "config", "config-user", "create-message", "excludes-user", "expiry", "rootfs.tar.xz", "templates"]);
    expect(readdirSync(path.dirname(cacheDir()))).toEqual(["default"]);
    expect(await refreshImage(who, { ...key, server: mirror.server })).toMatchObject({ ok: true, message: expect.stringContaining("already holds") });
  });

  it("makes a container from the expired cache with the mirror gone (--force-cache), and fails without it", async () => {
    await mirror.close();
    const server = mirror.server;
    writeFileSync(path.join(cacheDir(), "expiry"), "1\n");

    const failing = uniqueName("img");
    const refusedByNetwork = await create({ name: failing, server });
    expect(refusedByNetwork.outcome).toBe("failed");
    expect(refusedByNetwork.lines.join("\n")).toContain("The cached copy has expired, re-downloading");
    expect(existsSync(`/var/lib/lxc/${failing}`)).toBe(false);

    const name = uniqueName("img");
    made.push(name);
    const offline = await create({ name, server, cached: true, start: true });
    expect(offline.outcome, offline.lines.join("\n")).toBe("ok");
    expect(offline.lines).toContain("Using image from local cache");
    await eventually(async () => (state(name) === "RUNNING" ? true : undefined), 15_000, `${name} to run`);
  });

  it("deletes the cached image, and audits refreshes and deletes", async () => {
    const r = await deleteImage(who, key);
    expect(r).toMatchObject({ ok: true, message: expect.stringContaining("deleted from the cache") });
    expect(existsSync(path.join(cacheRoot, key.dist))).toBe(false);
    expect(await deleteImage(who, key)).toEqual({ ok: false, error: `${key.dist} 1.36 amd64 default is not in the local image cache.` });
    expect(await deleteImage(who, { ...key, dist: "../etc" })).toMatchObject({ ok: false });

    const rows = (await listAudit({})).filter((row) => row.action.endsWith(" image"));
    expect(rows.map((row) => [row.action, row.outcome])).toEqual([
      ["delete image", "failed"],
      ["delete image", "ok"],
      ["refresh image", "ok"],
      ["refresh image", "ok"],
    ]);
    expect(rows[1]!.command).toBe(`delete ${cacheDir()}`);
    const creates = (await listAudit({})).filter((row) => row.action === "create");
    expect(creates[0]!.command).toContain("--force-cache");
  });
});
