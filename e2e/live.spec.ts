// Issue 9 end to end: two signed-in admins and a viewer watch the list; a
// container stopped from one browser, and another stopped from a shell, change
// state in the others without a reload; the bell names the stop made outside
// the dashboard (and not the one made from it); the Activity page tells the two
// apart; a bad alert target is refused at its field.
import type { Page } from "@playwright/test";
import { WebSocket } from "ws";
import { ADMIN_STATE, VIEWER_STATE, savedCookie, test, expect } from "./fixtures";
import { createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const byClick = uniqueName("live-click");
const byShell = uniqueName("live-shell");

test.afterAll(() => {
  removeContainer(byClick);
  removeContainer(byShell);
});

const row = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
const stateOf = (page: Page, name: string) => row(page, name).locator("[data-state]");

test("a stop from one browser and one from a shell show in the others without a reload; the bell names the unexpected one", async ({ adminPage, viewerPage, browser, baseURL }) => {
  createUnprivileged(byClick, { start: true });
  createUnprivileged(byShell, { start: true });
  const other = await (await browser.newContext({ baseURL, storageState: ADMIN_STATE })).newPage();
  const pages = [adminPage, other, viewerPage];
  for (const p of pages) {
    await p.goto("/");
    await expect(stateOf(p, byClick)).toHaveAttribute("data-state", "RUNNING");
    await expect(stateOf(p, byShell)).toHaveAttribute("data-state", "RUNNING");
  }
  // Nothing on these pages asks the server again from here on: the changes must be pushed.
  const asked: string[] = [];
  for (const p of [other, viewerPage]) p.on("request", (r) => r.url().includes("/api/containers") && asked.push(r.url()));

  await row(adminPage, byClick).getByRole("button", { name: "Stop", exact: true }).click();
  for (const p of [other, viewerPage]) await expect(stateOf(p, byClick)).toHaveAttribute("data-state", "STOPPED", { timeout: 15_000 });

  lxc("lxc-stop", ["-n", byShell, "-k"]);
  for (const p of pages) await expect(stateOf(p, byShell)).toHaveAttribute("data-state", "STOPPED", { timeout: 5000 });
  expect(asked).toEqual([]);

  // The bell: the stop from the shell, not the one from the dashboard.
  const bell = other.getByRole("button", { name: /^Alerts: \d+ unread$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const list = other.getByRole("region", { name: "Latest alerts" });
  await expect(list.getByText(`${byShell} stopped outside the dashboard`)).toBeVisible();
  await expect(list.getByText(`${byClick} stopped outside the dashboard`)).toHaveCount(0);
  // Opened means read.
  await expect(other.getByRole("button", { name: "Alerts", exact: true })).toBeVisible();

  // The viewer's bell has it too.
  await expect(viewerPage.getByRole("button", { name: /^Alerts: \d+ unread$/ })).toBeVisible();

  // Activity: who stopped which.
  await viewerPage.goto("/activity");
  const activity = viewerPage.getByRole("table", { name: "Activity" });
  const shellRow = activity.getByRole("row").filter({ hasText: byShell }).filter({ hasText: "stopped outside the dashboard" });
  await expect(shellRow.first()).toBeVisible();
  const clickRow = activity.getByRole("row").filter({ hasText: byClick }).filter({ hasText: /^.*stopped.*admin.*$/ });
  await expect(clickRow.first()).toBeVisible();
  await other.context().close();
});

test("a dropped push stream says so and comes back with the current state", async ({ adminPage: page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Containers" })).toBeVisible();
  // Cut the stream: the server is told to drop it by closing from the page side, then refused until allowed again.
  let allow = false;
  await page.routeWebSocket(/\/api\/live\/ws$/, (ws) => {
    if (allow) ws.connectToServer();
    else ws.close({ code: 4000, reason: "cut" });
  });
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" })).toBeVisible();
  allow = true;
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" })).toHaveCount(0, { timeout: 20_000 });
});

test("a webhook pointing at the dashboard itself, or not http(s), is refused at its field", async ({ adminPage: page, baseURL }) => {
  await page.goto("/alerts");
  const address = page.getByLabel("URL (JSON is POSTed to it)");
  await page.getByLabel("Name").fill("self");
  await address.fill(`${baseURL}/api/containers`);
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(address).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("That URL is this dashboard itself; alerts cannot be sent to it.").first()).toBeVisible();
  await address.fill("ftp://example.org/x");
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(page.getByText("Use an http:// or https:// URL.").first()).toBeVisible();
  await expect(page.getByText("No targets yet: alerts show in the bell only.")).toBeVisible();
});

test("the push stream needs a sign-in and our own Origin; a viewer's starts with the same snapshot", async ({ baseURL }) => {
  const url = `${baseURL!.replace(/^http/, "ws")}/api/live/ws`;
  const cookie = savedCookie;
  const outcome = (headers: Record<string, string>) =>
    new Promise<{ code: number; first: string | null }>((resolve) => {
      const ws = new WebSocket(url, { headers });
      let first: string | null = null;
      ws.on("message", (data) => {
        first ??= String(data);
        ws.close(1000);
      });
      ws.on("close", (code) => resolve({ code, first }));
      ws.on("error", () => {});
    });
  const signedOut = await outcome({ origin: baseURL! });
  expect(signedOut).toEqual({ code: 4401, first: null });
  const foreign = await outcome({ origin: "https://evil.example", cookie: cookie(VIEWER_STATE) });
  expect(foreign.first).toBeNull();
  expect(foreign.code).not.toBe(1000);
  const noOrigin = await outcome({ cookie: cookie(VIEWER_STATE) });
  expect(noOrigin.first).toBeNull();
  const viewer = await outcome({ origin: baseURL!, cookie: cookie(VIEWER_STATE) });
  expect(JSON.parse(viewer.first!)).toMatchObject({ type: "snapshot", containers: expect.any(Array), watcher: { monitorUp: true } });
});
