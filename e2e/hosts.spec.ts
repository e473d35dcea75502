// Issue 14 end to end, against this machine's real Incus daemon: an admin adds
// it on the Hosts page (its row: reachable, version, live events), makes a
// container on it from the local image, finds it in the one list with the
// Host column (and the Host filter), opens a terminal into it through Incus's
// exec WebSocket and runs a command, deletes it, and removes the host: the
// list is as it was, without a Host column. A viewer sees the hosts and
// their health, and no way to change them.
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { ADMIN_STATE, test, expect } from "./fixtures";
import { uniqueName } from "./lxc";

const HOST = uniqueName("incus").replace(/^e2e-/, "e2e");
const NAME = uniqueName("incus");

function incus(...args: string[]): string {
  return execFileSync("incus", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

test.describe.configure({ mode: "serial" });

test.afterAll(async ({ browser, baseURL }) => {
  try {
    incus("delete", "--force", NAME);
  } catch {
    // Deleted by the test.
  }
  // A host left behind would give every later spec a Host column.
  const page = await (await browser.newContext({ baseURL, storageState: ADMIN_STATE })).newPage();
  await page.goto("/hosts");
  const row = page.getByRole("row").filter({ hasText: HOST });
  if ((await row.count()) > 0) {
    await row.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: `Remove ${HOST}` }).click();
    await expect(row).toHaveCount(0);
  }
  await page.context().close();
});

function hostsTable(page: Page) {
  return page.getByRole("table", { name: "Hosts" });
}

test("an admin adds this machine's Incus on the Hosts page and sees its health", async ({ adminPage: page }) => {
  await page.goto("/");
  await expect(page.getByRole("table", { name: "Containers" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Host" })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Hosts" }).click();
  await expect(page).toHaveURL(/\/hosts$/);
  await expect(hostsTable(page).getByRole("row").filter({ hasText: "local" })).toContainText("LXC");

  const form = page.getByRole("form", { name: "Add a host" });
  await form.getByLabel("Name").fill("Bad Name");
  await form.getByRole("button", { name: "Add host" }).click();
  await expect(form.getByText("Use only lowercase letters, digits and '-'.")).toBeVisible();

  await form.getByLabel("Name").fill(HOST);
  await expect(form.getByLabel("Socket")).toHaveValue("/var/lib/incus/unix.socket");
  await form.getByRole("button", { name: "Add host" }).click();
  const row = hostsTable(page).getByRole("row").filter({ hasText: HOST });
  await expect(row).toContainText("Incus");
  await expect(row).toContainText("REACHABLE");
  await expect(row).toContainText(/Incus 6\.\d+\.\d+/);
  await expect(row).toContainText("live");
});

test("a container made on the Incus host shows in the one list with its Host", async ({ adminPage: page }) => {
  await page.goto("/create");
  await page.getByRole("link", { name: HOST }).click();
  await expect(page).toHaveURL(new RegExp(`/hosts/${HOST}/create$`));
  const form = page.getByRole("form", { name: `Create a container on ${HOST}` });
  await form.getByLabel("Name").fill("web_1");
  await expect(form.getByText("Use only letters, digits and '-'.")).toBeVisible();
  await form.getByLabel("Name").fill(NAME);
  await expect(form.getByLabel("Image")).toContainText("busybox");
  await expect(form.getByText(`POST /1.0/instances {"name":"${NAME}","type":"container","source":{"type":"image","fingerprint":`)).toBeVisible();
  await form.getByRole("button", { name: `Create on ${HOST}` }).click();

  await expect(page).toHaveURL(new RegExp(`/hosts/${HOST}/containers/${NAME}$`));
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(page.getByText("RUNNING", { exact: true })).toBeVisible({ timeout: 30_000 });

  await page.goto("/");
  const table = page.getByRole("table", { name: "Containers" });
  await expect(table.getByRole("columnheader", { name: "Host" })).toBeVisible();
  const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: NAME, exact: true }) });
  await expect(row).toContainText(HOST);
  await expect(row).toContainText("RUNNING");
  // The bridge's subnet as setup-incus.sh chose it (10.99.0.0/24 unless a host route covers it).
  const bridge = JSON.parse(incus("query", "/1.0/networks/incusbr0")) as { config: Record<string, string> };
  const prefix = bridge.config["ipv4.address"]!.replace(/\.\d+\/24$/, ".");
  await expect(row).toContainText(new RegExp(`${prefix.replace(/\./g, "\\.")}\\d+`), { timeout: 20_000 });

  // The Host filter shows that host's containers only.
  await page.getByLabel("Host", { exact: true }).selectOption(HOST);
  await expect(table.getByRole("row").filter({ hasText: "local" })).toHaveCount(0);
  await expect(row).toBeVisible();
  await page.getByLabel("Host", { exact: true }).selectOption("local");
  await expect(row).toHaveCount(0);
});

test("a terminal into the Incus container runs a command", async ({ adminPage: page }) => {
  await page.goto(`/hosts/${HOST}/containers/${NAME}`);
  await page.getByRole("link", { name: "Open terminal" }).click();
  await expect(page).toHaveURL(new RegExp(`/hosts/${HOST}/containers/${NAME}/terminal$`));
  const term = page.getByRole("region", { name: "Terminal" });
  await expect(term.getByRole("status")).toHaveText("Connected");
  await term.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type("echo incus-$((6*7)); hostname");
  await page.keyboard.press("Enter");
  await expect(term.locator(".xterm-rows")).toContainText("incus-42");
  await expect(term.locator(".xterm-rows")).toContainText(NAME);
});

test("a viewer sees the hosts' health and cannot change them", async ({ viewerPage: page }) => {
  await page.goto("/hosts");
  await expect(hostsTable(page).getByRole("row").filter({ hasText: HOST })).toContainText("REACHABLE");
  await expect(page.getByRole("form", { name: "Add a host" })).toHaveCount(0);
  await expect(hostsTable(page).getByRole("button", { name: "Remove" })).toHaveCount(0);
});

test("the container is deleted, the host removed, and the list is as it was", async ({ adminPage: page }) => {
  await page.goto(`/hosts/${HOST}/containers/${NAME}`);
  await page.getByRole("button", { name: "Destroy" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(`Type ${NAME} to confirm`).fill(NAME);
  await dialog.getByRole("button", { name: "Destroy" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: NAME, exact: true })).toHaveCount(0);
  expect(incus("list", "--format", "csv", "--columns", "n")).not.toContain(NAME);

  await page.goto("/hosts");
  const row = hostsTable(page).getByRole("row").filter({ hasText: HOST });
  await row.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Remove ${HOST}` }).click();
  await expect(row).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByRole("table", { name: "Containers" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Host" })).toHaveCount(0);
});
