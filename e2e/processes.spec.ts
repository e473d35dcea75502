// Issue 5 end to end: a running unprivileged container's Processes tab shows
// init as root with host uid 100000; a process started inside appears within
// seconds; SIGTERM from the table (confirmed) ends it and it disappears. A
// viewer sees the table without signal buttons, a stopped container's tab says
// it is not running, and the host view (/processes) labels the processes with
// their container and checks a typed uid range before asking the server.
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { attach, createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const NAME = uniqueName("procs");
const SLEEP = "/bin/sleep 777";
const HEADERS = ["PID", "Host PID", "User", "Host UID", "CPU %", "Memory", "Command"];

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  createUnprivileged(NAME, { start: true });
  lxc("lxc-wait", ["-n", NAME, "-s", "RUNNING", "-t", "30"]);
});
test.afterAll(() => removeContainer(NAME));

function processRow(page: Page, command: string | RegExp) {
  return page.getByRole("table", { name: "Processes" }).getByRole("row").filter({ hasText: command });
}

/** The container's init: PID 1, command "init" (busybox init's children waiting on the console are "init" too). */
function initRow(page: Page, within: Locator = page.getByRole("table", { name: "Processes" })) {
  return within
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: "init", exact: true }) })
    .filter({ has: page.locator("td:first-child", { hasText: /^1$/ }) });
}

test("the Processes tab shows init as root and ends a process with SIGTERM", async ({ adminPage: page }) => {
  await page.goto(`/containers/${NAME}`);
  await page.getByRole("navigation", { name: "Container sections" }).getByRole("link", { name: "Processes" }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${NAME}/processes$`));
  await expect(page.getByRole("link", { name: "Processes", exact: true }).and(page.locator("[aria-current=page]"))).toBeVisible();

  const table = page.getByRole("table", { name: "Processes" });
  for (const header of HEADERS) await expect(table.getByRole("columnheader", { name: header, exact: true })).toBeVisible();

  // init: PID 1 inside, host uid 100000 = container uid 0, root in its /etc/passwd.
  const init = initRow(page);
  await expect(init).toHaveCount(1);
  await expect(init).toContainText("100000 → 0 (root)");
  await expect(init.getByRole("button", { name: /Send SIG/ })).toHaveCount(0);

  // Sorting: CPU busiest first by default; a click on PID sorts by it.
  await expect(table.getByRole("columnheader", { name: "CPU %" })).toHaveAttribute("aria-sort", "descending");
  await table.getByRole("button", { name: "PID", exact: true }).click();
  await expect(table.getByRole("columnheader", { name: "PID", exact: true })).toHaveAttribute("aria-sort", "ascending");
  await expect(table.getByRole("row").nth(1).getByRole("cell").first()).toHaveText("1");

  // A daemon started inside (it outlives lxc-attach) shows up without a reload.
  attach(NAME, ["start-stop-daemon", "-S", "-b", "-x", "/bin/sleep", "--", "777"]);
  const sleep = processRow(page, SLEEP);
  await expect(sleep).toHaveCount(1, { timeout: 10_000 });
  await expect(sleep).toContainText("100000 → 0 (root)");

  // The filter and the tree view.
  await page.getByLabel("Filter processes").fill("sleep 777");
  await expect(table.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Filter processes").fill("");
  await page.getByRole("button", { name: "Tree view" }).click();
  await expect(page.getByRole("button", { name: "Tree view" })).toHaveAttribute("aria-pressed", "true");
  await expect(table.getByRole("row").nth(1)).toContainText("init");
  await expect(sleep).toContainText("└─");

  const pid = (await sleep.getByRole("cell").first().textContent())!.trim();
  const hostPid = (await sleep.getByRole("cell").nth(1).textContent())!.trim();
  await sleep.getByRole("button", { name: `Send SIGTERM to PID ${pid}` }).click();
  const dialog = page.getByRole("dialog", { name: `Send SIGTERM to PID ${pid}?` });
  await expect(dialog).toContainText(SLEEP);
  await expect(dialog).toContainText(`kill -TERM ${hostPid}`);
  await dialog.getByRole("button", { name: "Send SIGTERM" }).click();
  await expect(dialog).toBeHidden();
  await expect(sleep).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByRole("status").filter({ hasText: `SIGTERM sent to PID ${pid}` })).toBeVisible();

  // A process that exits while the dialog is open: the server refuses and the dialog says why.
  attach(NAME, ["start-stop-daemon", "-S", "-b", "-x", "/bin/sleep", "--", "778"]);
  const doomed = processRow(page, "/bin/sleep 778");
  await expect(doomed).toHaveCount(1, { timeout: 10_000 });
  const doomedPid = (await doomed.getByRole("cell").first().textContent())!.trim();
  const doomedHostPid = Number((await doomed.getByRole("cell").nth(1).textContent())!.trim());
  await doomed.getByRole("button", { name: `Send SIGKILL to PID ${doomedPid}` }).click();
  const refusal = page.getByRole("dialog", { name: `Send SIGKILL to PID ${doomedPid}?` });
  process.kill(doomedHostPid, "SIGKILL");
  await expect(doomed).toHaveCount(0, { timeout: 10_000 });
  await refusal.getByRole("button", { name: "Send SIGKILL" }).click();
  await expect(refusal.getByRole("alert")).toHaveText(`No process with host PID ${doomedHostPid} is running in this container.`);
  await refusal.getByRole("button", { name: "Close" }).click();
  await expect(refusal).toBeHidden();

  await page.goto(`/audit?container=${NAME}`);
  const entry = page.getByRole("row").filter({ hasText: `kill -TERM ${hostPid}` });
  await expect(entry).toContainText("signal process");
  await expect(entry).toContainText("ok");
  await expect(page.getByRole("row").filter({ hasText: `kill -KILL ${doomedHostPid}` })).toContainText("failed");
});

test("a viewer sees the processes but no signal buttons", async ({ viewerPage: page }) => {
  await page.goto(`/containers/${NAME}/processes`);
  const table = page.getByRole("table", { name: "Processes" });
  await expect(initRow(page)).toContainText("100000 → 0 (root)");
  await expect(page.getByRole("button", { name: /Send SIG/ })).toHaveCount(0);
  await expect(table.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);

  // The host's own uids (root's command lines) are an admin's to list.
  await page.goto("/processes");
  await expect(page.getByText("only an admin can list")).toBeVisible();
  const hostWide = await page.request.get("/api/processes?range=0-4294967294");
  expect(hostWide.status()).toBe(403);
  expect(await hostWide.json()).toMatchObject({ error: expect.stringContaining("Only an admin can list processes outside") });
});

test("the host view labels the container's processes and checks a uid range before asking", async ({ adminPage: page }) => {
  await page.goto("/processes");
  const group = page.getByRole("rowgroup", { name: NAME, exact: true });
  await expect(initRow(page, group)).toContainText("100000 → 0 (root)");
  await expect(page.getByRole("listitem").filter({ hasText: `container ${NAME}` })).toHaveCount(1);

  const ranged: string[] = [];
  page.on("request", (req) => {
    if (req.url().includes("/api/processes?")) ranged.push(req.url());
  });
  const field = page.getByLabel("UID or range");
  for (const bad of ["abc", "100000-", "165535-100000", "1e5"]) {
    await field.fill(bad);
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /uid|range/i })).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");
  }
  expect(ranged).toEqual([]);

  await field.fill("100000");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("top -U 100000", { exact: true })).toBeVisible();
  await expect(initRow(page, group)).toHaveCount(1);
  expect(ranged.some((url) => url.endsWith("/api/processes?range=100000"))).toBe(true);

  // The server checks the range too.
  const refused = await page.request.get("/api/processes?range=abc");
  expect(refused.status()).toBe(400);
  expect((await page.request.get("/api/containers/a%20b/processes")).status()).toBe(400);
});

test("a stopped container's tab says it is not running", async ({ adminPage: page }) => {
  await page.goto(`/containers/${NAME}/processes`);
  await expect(initRow(page)).toHaveCount(1);
  lxc("lxc-stop", ["-n", NAME, "-k"]);
  await expect(page.getByRole("table", { name: "Processes" })).toContainText(`${NAME} is not running`);
  await expect(page.getByRole("alert").filter({ hasText: /could not|failed/ })).toHaveCount(0);
});
