// Admin-only pages a viewer may still reach by URL (a bookmark, a shared
// link): Alerts, Metrics tokens and creating on an Incus host. The viewer
// reads one clear sentence, "This needs an admin.", not Next's error page,
// and gets none of the admin's controls; the admin, on the same URLs, gets
// the page and its controls.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";

const PAGES: Array<{ path: string; heading: string | RegExp; adminOnly: (page: Page) => ReturnType<Page["getByRole"]> }> = [
  { path: "/alerts", heading: "Alerts", adminOnly: (page) => page.getByRole("button", { name: "Add target" }) },
  { path: "/tokens", heading: "Metrics tokens", adminOnly: (page) => page.getByRole("button", { name: "Make token" }) },
  { path: "/hosts/e2e-viewer-host/create", heading: /^Create a container on e2e-viewer-host$/, adminOnly: (page) => page.getByRole("link", { name: "← Create" }) },
];

for (const { path, heading, adminOnly } of PAGES) {
  test(`a viewer opening ${path} reads "This needs an admin." and finds no admin controls`, async ({ viewerPage: page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const main = page.getByRole("main");
    await expect(main.getByText("This needs an admin.", { exact: true })).toBeVisible();
    await expect(page.getByText("This page could not be shown")).toHaveCount(0);
    await expect(main.getByRole("heading", { name: heading })).toHaveCount(0);
    await expect(adminOnly(page)).toHaveCount(0);
    for (const role of ["button", "textbox", "form", "combobox", "checkbox"] as const) {
      await expect(main.getByRole(role), `${role} on ${path}`).toHaveCount(0);
    }
  });
}

test("an admin opening the same pages gets them, with their controls", async ({ adminPage: page }) => {
  for (const { path, heading, adminOnly } of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("main").getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(adminOnly(page).first()).toBeVisible();
    await expect(page.getByText("This needs an admin.")).toHaveCount(0);
  }
});
