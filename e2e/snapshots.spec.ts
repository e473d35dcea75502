// Issue 11, snapshots as a person takes them: the cost before, a snapshot
// taken with a comment (the running container stopped for it after a tick),
// listed with its size, a file deleted, the snapshot restored after a
// confirmation that says the container is stopped first: the file is back.
import { test, expect } from "./fixtures";
import { attach, createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const made: string[] = [];
test.afterAll(() => made.forEach(removeContainer));

test("take a snapshot, see it with its size, restore it", async ({ adminPage: page }) => {
  const name = uniqueName("snap");
  made.push(name);
  createUnprivileged(name, { start: true });
  attach(name, ["sh", "-c", "echo from-the-snapshot > /root/note.txt"]);

  await page.goto(`/containers/${name}`);
  await page.getByRole("link", { name: "Snapshots", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${name}/snapshots$`));
  await expect(page.getByText(/each snapshot is a full copy of it, about [\d.]+ [KM]iB more on disk/)).toBeVisible();
  await expect(page.getByText("No snapshots yet.")).toBeVisible();

  const form = page.getByRole("form", { name: "Take a snapshot" });
  await form.getByLabel("Comment").fill("before the cleanup");
  const take = form.getByRole("button", { name: "Take snapshot" });
  await expect(take).toBeDisabled();
  await form.getByLabel(`Stop ${name} for the snapshot`).check();
  await expect(form.getByText(`lxc-stop -P /var/lib/lxc -n ${name} -t 30 && lxc-snapshot -P /var/lib/lxc -n ${name} -c COMMENT_FILE && lxc-start`)).toBeVisible();
  await take.click();
  await expect(page.getByRole("status").filter({ hasText: `snap0 of ${name} made; it is running again.` })).toBeVisible({ timeout: 60_000 });

  const row = page.getByRole("row").filter({ hasText: "snap0" });
  await expect(row).toContainText("before the cleanup");
  await expect(row.getByRole("cell").nth(2)).toHaveText(/^[\d.]+ [KM]iB$/);
  await expect.poll(() => lxc("lxc-info", ["-n", name, "-sH"]).trim()).toBe("RUNNING");

  attach(name, ["rm", "/root/note.txt"]);
  await row.getByRole("button", { name: "Actions for snap0" }).click();
  await page.getByRole("menuitem", { name: "Restore…" }).click();
  const dialog = page.getByRole("dialog", { name: `Restore ${name} from snap0?` });
  await expect(dialog).toContainText(`${name} is running: it will be stopped first`);
  await expect(dialog.getByLabel("Start it afterwards")).toBeChecked();
  await dialog.getByRole("button", { name: "Stop and restore" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${name} restored from snap0 and started.` })).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => lxc("lxc-info", ["-n", name, "-sH"]).trim()).toBe("RUNNING");
  expect(attach(name, ["cat", "/root/note.txt"]).trim()).toBe("from-the-snapshot");

  await page.goto(`/audit?container=${name}`);
  await expect(page.getByRole("row").filter({ hasText: "restore snapshot" })).toContainText(`lxc-snapshot -P /var/lib/lxc -n ${name} -r snap0`);
});

test("a viewer sees the snapshots but no way to take or restore one", async ({ viewerPage: page }) => {
  const name = uniqueName("snapv");
  made.push(name);
  createUnprivileged(name);
  lxc("lxc-snapshot", ["-n", name]);
  await page.goto(`/containers/${name}/snapshots`);
  await expect(page.getByRole("row").filter({ hasText: "snap0" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Take a snapshot" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Actions for snap0" })).toHaveCount(0);
});
