// Issue 9: the container page follows the push stream, not a timer. An open
// Snapshots tab asks the server nothing while nothing changes, and a snapshot
// made or deleted from a shell (lxc-snapshot, outside the dashboard) shows in
// it without a reload: the lxcpath watch sees it and every tab is told.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const made: string[] = [];
test.afterAll(() => made.forEach(removeContainer));

/** Requests the page makes to the container's own API routes, from now on. */
function apiRequests(page: Page, name: string): string[] {
  const seen: string[] = [];
  const prefix = `/api/containers/${encodeURIComponent(name)}/`;
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith(prefix)) seen.push(url.pathname);
  });
  return seen;
}

test("an open Snapshots tab does not poll, and shows a snapshot made and deleted from a shell", async ({ adminPage: page }) => {
  const name = uniqueName("push");
  made.push(name);
  createUnprivileged(name);

  await page.goto(`/containers/${name}/snapshots`);
  await expect(page.getByText("No snapshots yet.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Schedule snapshots" }).getByLabel("How often")).toHaveValue("off");
  const asked = apiRequests(page, name);
  // Longer than every interval the page used to poll at (services 2 s, snapshots and backups 5 s, schedules 10 s).
  await page.waitForTimeout(11_000);
  expect(asked).toEqual([]);

  lxc("lxc-snapshot", ["-n", name]);
  await expect(page.getByRole("row").filter({ hasText: "snap0" })).toBeVisible();
  expect(asked.filter((p) => p.endsWith("/snapshots")).length).toBeGreaterThanOrEqual(1);

  lxc("lxc-snapshot", ["-n", name, "-d", "snap0"]);
  await expect(page.getByText("No snapshots yet.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "snap0" })).toHaveCount(0);
});
