// Issue 11, backups as a person makes and restores them: back up from the
// container's Backups tab, download the archive (its size and SHA-256 as
// listed), upload it on the Backups page with a progress bar, restore it as a
// new container that starts.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { test, expect } from "./fixtures";
import { containerExists, createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const made: string[] = [];
test.afterAll(() => made.forEach(removeContainer));

test("back up, download the archive, upload it back and restore it as a new container", async ({ adminPage: page }) => {
  const name = uniqueName("bk");
  const copy = uniqueName("bkc");
  made.push(name, copy);
  createUnprivileged(name);

  await page.goto(`/containers/${name}`);
  await page.getByRole("navigation", { name: "Container sections" }).getByRole("link", { name: "Backups" }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${name}/backups$`));
  await expect(page.getByText("No backups yet.")).toBeVisible();
  const form = page.getByRole("form", { name: "Back up" });
  await form.getByLabel("Comment").fill("for the e2e");
  await form.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByRole("status").filter({ hasText: new RegExp(`${name} backed up as ${name}-\\d{8}-\\d{6}\\.`) })).toBeVisible({ timeout: 60_000 });

  const row = page.getByRole("row").filter({ hasText: "for the e2e" });
  await expect(row).toBeVisible();
  const backupName = (await row.getByRole("cell").first().textContent())!.trim();
  const listedHash = await row.locator("[title]").filter({ hasText: "…" }).first().getAttribute("title");
  expect(listedHash).toMatch(/^[0-9a-f]{64}$/);

  await row.getByRole("button", { name: `Actions for ${backupName}` }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /^Download/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${backupName}.tar.zst`);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(listedHash);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Backups" }).click();
  await expect(page).toHaveURL(/\/backups$/);
  await expect(page.getByLabel("Upload a backup (.tar.zst)")).toBeEnabled();
  await page.getByLabel("Upload a backup (.tar.zst)").setInputFiles(file);
  const dialog = page.getByRole("dialog", { name: /^Restore .*-uploaded$/ });
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  expect(statSync(file).size).toBeGreaterThan(0);

  // The source's own name is taken: refused at the field.
  await dialog.getByRole("button", { name: "Restore as new container" }).click();
  await expect(dialog.getByText(`container ${name} already exists`)).toBeVisible();
  await dialog.getByLabel("New container's name").fill(copy);
  await dialog.getByRole("button", { name: "Restore as new container" }).click();
  await expect(page.getByRole("status").filter({ hasText: `restored as ${copy}` })).toBeVisible({ timeout: 60_000 });
  expect(containerExists(copy)).toBe(true);
  await page.getByRole("status").getByRole("button", { name: "Start" }).click();
  await expect.poll(() => lxc("lxc-info", ["-n", copy, "-sH"]).trim(), { timeout: 30_000 }).toBe("RUNNING");
});

test("an archive that is not a backup is refused on upload with the reason", async ({ adminPage: page }) => {
  await page.goto("/backups");
  await expect(page.getByLabel("Upload a backup (.tar.zst)")).toBeEnabled();
  await page.getByLabel("Upload a backup (.tar.zst)").setInputFiles({ name: "junk.tar.zst", mimeType: "application/zstd", buffer: Buffer.from("not an archive") });
  await expect(page.getByRole("alert").filter({ hasText: "refused before anything was written: it is not a zstd-compressed archive" })).toBeVisible();
});

test("a listing that fails leaves the upload usable and offers to try again", async ({ adminPage: page }) => {
  // The network drops the page's tries (the first and its one retry) until the failure shows.
  let failing = true;
  let dropped = 0;
  await page.route("**/api/backups", (route) => (failing && ++dropped ? route.abort("connectionreset") : route.continue()));
  await page.goto("/backups");
  const failure = page.getByRole("alert").filter({ hasText: "The backups could not be read" });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  expect(dropped).toBeGreaterThanOrEqual(2);
  await expect(page.getByLabel("Upload a backup (.tar.zst)")).toBeEnabled();
  failing = false;
  await failure.getByRole("button", { name: "Try again" }).click();
  await expect(failure).toBeHidden();
  await expect(page.getByText(/ free · set with BACKUP_DIR/)).toBeVisible();
});
