// Issue 2 end to end, as a person does it: create an unprivileged busybox
// container through the form, start it, see its address, fetch a page from a
// busybox httpd inside it, stop it, destroy it, and find each step in the
// audit log. Plus the bad-input cases through the UI, and containers changed
// behind the dashboard's back.
import { existsSync, readdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { attach, containerExists, createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const made: string[] = [];
test.afterAll(() => made.forEach(removeContainer));

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

test("create, start, serve, stop, destroy — each step in the audit log", async ({ adminPage: page }) => {
  const name = uniqueName("life");
  made.push(name);

  await page.goto("/create");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: "busybox" }).check();
  await expect(page.getByLabel("Unprivileged")).toBeChecked();
  // The exact command, before it runs.
  await expect(page.getByText(new RegExp(`lxc-create -P /var/lib/lxc -n ${name} -t busybox -f \\S+unprivileged\\.conf`))).toBeVisible();
  await page.getByRole("button", { name: "Create container" }).click();
  await page.getByRole("link", { name: `Open ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${name}$`));
  expect(lxc("lxc-ls", ["-f", "-F", "NAME,UNPRIVILEGED"])).toMatch(new RegExp(`${name}\\s+true`));

  await page.goto("/");
  const r = row(page, name);
  await expect(r).toContainText("STOPPED");
  await r.getByRole("button", { name: "Start", exact: true }).click();
  await expect(r).toContainText("RUNNING");
  // The address shows up as soon as DHCP hands one out, without a reload.
  const address = r.getByRole("link", { name: /^10\.0\.3\.\d+$/ });
  await expect(address).toBeVisible({ timeout: 30_000 });
  const ip = (await address.textContent())!.trim();

  attach(name, ["sh", "-c", `mkdir -p /www && echo served-by-${name} > /www/index.html && httpd -p 80 -h /www`]);
  await expect(async () => {
    const res = await fetch(`http://${ip}/`);
    expect(await res.text()).toContain(`served-by-${name}`);
  }).toPass({ timeout: 15_000 });

  await r.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(r).toContainText("STOPPED", { timeout: 45_000 });

  // Destroy sits in the row's menu, after the primary action.
  await r.getByRole("button", { name: `More actions for ${name}` }).click();
  await r.getByRole("menuitem", { name: "Destroy" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("data");
  const confirm = dialog.getByRole("button", { name: "Destroy" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await confirm.click();
  await expect(r).toHaveCount(0);
  expect(containerExists(name)).toBe(false);

  await page.goto(`/audit?container=${name}`);
  const audit = page.getByRole("table");
  for (const [action, command] of [
    ["create", `lxc-create -P /var/lib/lxc -n ${name} -t busybox`],
    ["start", `lxc-start -P /var/lib/lxc -n ${name} -d`],
    ["stop", `lxc-stop -P /var/lib/lxc -n ${name}`],
    ["destroy", `lxc-destroy -P /var/lib/lxc -n ${name}`],
  ] as const) {
    const entry = audit.getByRole("row").filter({ hasText: command });
    await expect(entry.first()).toContainText(action);
    await expect(entry.first()).toContainText("ok");
  }
});

test("bad names get a message at the field and nothing is created", async ({ adminPage: page }) => {
  const before = new Set(readdirSync("/var/lib/lxc"));
  const bads = ["../etc", "a/b", "-n", "--help", "a;id", "$(id)", "a b", "", "x".repeat(64), "é"];
  await page.goto("/create");
  const name = page.getByLabel("Name");
  for (const bad of bads) {
    await name.fill(bad);
    await page.getByRole("button", { name: "Create container" }).click();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("link", { name: /^Open / })).toHaveCount(0);
  }
  // Nothing made from any of them (other tests on a shared host may add their own containers meanwhile).
  const added = readdirSync("/var/lib/lxc").filter((n) => !before.has(n));
  const couldBe = new Set(bads.flatMap((bad) => [bad, ...bad.split("/")]));
  expect(added.filter((n) => couldBe.has(n))).toEqual([]);
  expect(existsSync("/var/lib/etc")).toBe(false);

  // A name that already exists is refused at the field too.
  const taken = uniqueName("taken");
  made.push(taken);
  createUnprivileged(taken);
  await name.fill(taken);
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(`A container named ${taken} already exists.`).first()).toBeVisible();
});

test("containers made or destroyed behind the dashboard's back show up within seconds", async ({ adminPage: page }) => {
  const name = uniqueName("behind");
  made.push(name);
  await page.goto("/");
  await expect(page.getByRole("table")).toBeVisible();
  createUnprivileged(name, { start: true });
  await expect(row(page, name)).toContainText("RUNNING", { timeout: 15_000 });
  removeContainer(name);
  await expect(row(page, name)).toHaveCount(0, { timeout: 15_000 });
});

test("an action on a container that vanished says so", async ({ adminPage: page }) => {
  const name = uniqueName("vanish");
  made.push(name);
  createUnprivileged(name);
  // Gone between the last news the page had and the click: the push stream
  // (which would take the button away at once) and the reads are cut off.
  await page.routeWebSocket(/\/api\/live\/ws$/, () => {});
  await page.goto(`/containers/${name}`);
  const start = page.getByRole("button", { name: "Start", exact: true });
  await expect(start).toBeVisible();
  await page.route("**/api/containers/**", (route) => route.abort());
  lxc("lxc-destroy", ["-n", name]);
  await start.click();
  await expect(page.getByRole("alert").filter({ hasText: `container ${name} no longer exists` })).toBeVisible();
});

test("filter and sort the list", async ({ adminPage: page }) => {
  const a = uniqueName("fa");
  const b = uniqueName("fb");
  made.push(a, b);
  createUnprivileged(a);
  createUnprivileged(b, { start: true });
  await page.goto("/");
  await expect(row(page, a)).toHaveCount(1);
  // "/" focuses the filter once the page is interactive (the first press may land before hydration).
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(page.getByLabel("Filter")).toBeFocused({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByLabel("Filter").fill(""); // in case a retried press typed a "/"
  await page.keyboard.type(a);
  await expect(row(page, a)).toHaveCount(1);
  await expect(row(page, b)).toHaveCount(0);
  await page.getByLabel("Filter").fill("e2e-f");
  await page.getByRole("columnheader", { name: /State/ }).getByRole("button").click();
  const names = await page.getByRole("row").locator("td:first-child").allTextContents();
  const order = names.filter((n) => n === a || n === b);
  expect(order).toEqual([b, a]); // RUNNING sorts before STOPPED
});
