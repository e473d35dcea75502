// Issue 6, images, as a person does it: read a mirror's catalogue, pick an
// image, create a container from it and see it run; then, with the mirror
// gone, create another from the local cache; then delete the cached image.
//
// The mirror is a busybox image served over https on loopback with a CA of
// the test's own. The dashboard reads the index with wget and lxc-download
// fetches with wget, so both trust that CA through ~/.wgetrc; the shared e2e
// server's HOME is not the test's to change, so this spec runs a second
// dashboard from the same build with HOME pointing at a .wgetrc that trusts it.
import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createFirstAdmin, readSetupToken } from "./auth-steps";
import { test, expect } from "./fixtures";
import { startExtraServer } from "./extra-server";
import { lxc, removeContainer, uniqueName } from "./lxc";
import { buildBusyboxImage, startImageMirror } from "../tests/integration/image-mirror";

const CACHE_ROOT = "/var/cache/lxc/download";
const BUILD = "20261128_00:00";

test("the catalogue of a loopback mirror: pick an image, create, start; then offline from the cache; then delete it", async ({ browser }) => {
  test.setTimeout(240_000);
  const cacheRootExisted = existsSync(CACHE_ROOT);
  const image = buildBusyboxImage();
  const label = `${image.dist} ${image.release} ${image.arch} ${image.variant}`;
  const mirror = await startImageMirror(image);
  mirror.publish(BUILD);
  const made: string[] = [];
  const fresh = await startExtraServer({ HOME: mirror.home });
  const context = await browser.newContext({ baseURL: fresh.baseURL });
  try {
    const page = await context.newPage();
    await page.goto("/setup");
    await createFirstAdmin(page, readSetupToken(fresh.dataDir), "imager", "images-e2e-passphrase");

    // The catalogue of the mirror, searched for the test's image.
    await page.getByRole("link", { name: "Images" }).click();
    await page.getByRole("textbox", { name: "Image server" }).fill(mirror.server);
    await page.getByRole("button", { name: "Read its index" }).click();
    await expect(page.getByRole("heading", { name: `Catalogue of ${mirror.server}` })).toBeVisible();
    await page.getByLabel("Search").fill(image.dist);
    const catalogue = page.getByRole("table", { name: "Image catalogue" });
    const listed = catalogue.getByRole("row").filter({ hasText: image.dist });
    await expect(listed).toContainText("2026-11-28 00:00 UTC");
    await listed.getByRole("link", { name: `Create from this image: ${label}` }).click();

    // The create form, prefilled with the image and the mirror.
    await expect(page).toHaveURL(/\/create\?template=download/);
    const first = uniqueName("img");
    made.push(first);
    await page.getByLabel("Name").fill(first);
    await page.getByLabel("Start after create").check();
    await expect(page.getByText(`--dist ${image.dist} --release 1.36 --arch amd64 --variant default --server ${mirror.server}`)).toBeVisible();
    await page.getByRole("button", { name: "Create container" }).click();
    await page.getByRole("link", { name: `Open ${first}` }).click({ timeout: 90_000 });
    await expect(page.getByText("RUNNING").first()).toBeVisible({ timeout: 30_000 });
    expect(lxc("lxc-info", ["-n", first, "-sH"]).trim()).toBe("RUNNING");

    // The download filled the cache; with the mirror gone the cached copy still makes a container.
    await mirror.close();
    // The same port by another name, so the page reads the index afresh instead of showing the copy it just read.
    const gone = mirror.server.replace("127.0.0.1", "localhost");
    await page.goto(`/images?server=${encodeURIComponent(gone)}`);
    await expect(page.getByRole("alert").filter({ hasText: `The image index of ${gone} could not be read` })).toContainText("could not be reached");
    const cached = page.getByRole("table", { name: "Cached images" }).getByRole("row").filter({ hasText: label });
    await expect(cached).toContainText("2026-11-28 00:00 UTC");
    await cached.getByRole("link", { name: `Create from this image: ${label} (cached)` }).click();
    await expect(page.getByLabel("Use the cached copy")).toBeChecked();
    const second = uniqueName("img");
    made.push(second);
    await page.getByLabel("Name").fill(second);
    await page.getByLabel("Start after create").check();
    await expect(page.getByText(new RegExp(`-n ${second} -t download .*--variant default --force-cache$`))).toBeVisible();
    await page.getByRole("button", { name: "Create container" }).click();
    await page.getByRole("link", { name: `Open ${second}` }).click({ timeout: 90_000 });
    await expect(page.getByText("RUNNING").first()).toBeVisible({ timeout: 30_000 });

    // Delete the cached image, after a confirmation.
    await page.goto("/images");
    const row = page.getByRole("table", { name: "Cached images" }).getByRole("row").filter({ hasText: label });
    await row.getByRole("button", { name: `Delete ${label}` }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Containers made from it are not affected");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText(`${label} deleted from the cache`)).toBeVisible();
    await expect(row).toHaveCount(0);
    expect(existsSync(path.join(CACHE_ROOT, image.dist))).toBe(false);

    await page.goto("/audit");
    await expect(page.getByRole("row").filter({ hasText: `delete ${CACHE_ROOT}/${image.dist}/1.36/amd64/default` })).toContainText("ok");
  } finally {
    await context.close();
    await fresh.stop();
    await mirror.close().catch(() => undefined);
    made.forEach(removeContainer);
    rmSync(image.dir, { recursive: true, force: true });
    rmSync(path.join(CACHE_ROOT, image.dist), { recursive: true, force: true });
    if (!cacheRootExisted && existsSync(CACHE_ROOT) && readdirSync(CACHE_ROOT).length === 0) rmdirSync(CACHE_ROOT);
  }
});

test("a viewer sees the images, an image server that cannot be reached says so, and nothing can be changed", async ({ viewerPage: page }) => {
  await page.goto("/images");
  await expect(page.getByRole("heading", { name: "Images", exact: true })).toBeVisible();
  // This network cannot reach images.linuxcontainers.org: the page says why instead of failing.
  await expect(page.getByRole("alert").filter({ hasText: "The image index of images.linuxcontainers.org could not be read" })).toContainText(
    "can still be used to create containers without the network",
  );
  await expect(page.getByRole("button", { name: /^(Refresh|Delete) / })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Create from this image/ })).toHaveCount(0);

  await page.goto("/images?server=not a host");
  await expect(page.getByText("Enter a host name such as images.example.org")).toBeVisible();

  // Reading an index connects the host to that server: a viewer cannot pick one, the default is read instead.
  await page.goto("/images?server=127.0.0.1:22");
  await expect(page.getByText("Only an admin can choose another image server")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Catalogue of images.linuxcontainers.org" })).toBeVisible();
});
