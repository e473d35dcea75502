// Issue 4 end to end: an admin opens the terminal of a running unprivileged
// busybox container from its page, runs commands, starts a web server the test
// then fetches at the container's address, reloads and finds the same shell,
// stops `yes` with Ctrl-C, ends a second tab from the session list, and sees
// the tab say so when the container is stopped from the host. A viewer is
// offered no terminal.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import { createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const NAME = uniqueName("term");

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  createUnprivileged(NAME, { start: true });
  lxc("lxc-wait", ["-n", NAME, "-s", "RUNNING", "-t", "30"]);
});
test.afterAll(() => removeContainer(NAME));

/** The terminal in front (hidden tabs' terminals are out of the accessibility tree). */
function terminal(page: Page) {
  return page.getByRole("region", { name: "Terminal" });
}

/** Types a line into the terminal in front, as a person would. */
async function typeLine(page: Page, line: string): Promise<void> {
  await terminal(page).locator(".xterm-helper-textarea").focus();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

/** The container's IPv4 address once DHCP has given it one. */
async function containerAddress(): Promise<string> {
  let address = "";
  await expect
    .poll(() => (address = lxc("lxc-info", ["-n", NAME, "-iH"]).split(/\s+/).find((a) => /^10\.0\.3\.\d+$/.test(a)) ?? ""), {
      timeout: 30_000,
    })
    .not.toBe("");
  return address;
}

test("a viewer is offered no terminal", async ({ viewerPage: page }) => {
  await page.goto(`/containers/${NAME}`);
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(page.getByText("RUNNING", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open terminal" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Container sections" }).getByRole("link", { name: "Terminal" })).toHaveCount(0);

  await page.goto(`/containers/${NAME}/terminal`);
  await expect(page.getByRole("heading", { name: "Only admins can open a terminal" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Terminal" })).toHaveCount(0);
});

test("an admin's shell: commands, a web server, reload, Ctrl-C, End, and the container stopping", async ({ adminPage: page }) => {
  await page.goto(`/containers/${NAME}`);
  await page.getByRole("link", { name: "Open terminal" }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${NAME}/terminal$`));

  const term = terminal(page);
  const rows = term.locator(".xterm-rows");
  await expect(term.getByRole("status")).toHaveText("Connected");
  await expect(term.getByRole("tab", { name: "shell 1", selected: true })).toBeVisible();

  await typeLine(page, "echo hello-$((6*7))");
  await expect(rows).toContainText("hello-42");

  // A web server started from the terminal answers the test at the container's address.
  await typeLine(page, `mkdir -p /www && echo page-from-${NAME} > /www/index.html && httpd -p 80 -h /www && echo httpd-$((2*3))`);
  await expect(rows).toContainText("httpd-6");
  const address = await containerAddress();
  await expect.poll(async () => (await fetch(`http://${address}/`).catch(() => null))?.text(), { timeout: 20_000 }).toBe(`page-from-${NAME}\n`);

  // The session list says who opened it.
  const list = page.getByRole("table", { name: `Open terminal sessions on ${NAME}` });
  await expect(list.getByRole("row").filter({ hasText: "shell 1" })).toContainText("admin (you)");

  // A reload reattaches to the same shell: the variable is still set.
  await typeLine(page, "MARK=kept-$((40+2))");
  await page.reload();
  await expect(terminal(page).getByRole("status")).toHaveText("Connected");
  await expect(terminal(page).getByRole("tab", { name: "shell 1", selected: true })).toBeVisible();
  await typeLine(page, "echo mark-is-$MARK");
  await expect(rows).toContainText("mark-is-kept-42");

  // A second tab, ended from the session list: its tab says who ended it.
  await term.getByRole("button", { name: "New tab" }).click();
  await expect(terminal(page).getByRole("tab", { name: "shell 2", selected: true })).toBeVisible();
  await expect(terminal(page).getByRole("status")).toHaveText("Connected");
  await list.getByRole("button", { name: "End shell 2 of admin" }).click();
  await expect(terminal(page).getByRole("status")).toHaveText("Ended: admin ended this session.");
  await expect(list.getByRole("row").filter({ hasText: "shell 2" })).toHaveCount(0);

  // Back to the first tab, still attached: `yes` floods it, Ctrl-C gives the prompt back.
  await terminal(page).getByRole("tab", { name: "shell 1" }).click();
  await expect(terminal(page).getByRole("status")).toHaveText("Connected");
  await typeLine(page, "yes");
  await expect(rows).toContainText("y\ny\ny", { useInnerText: true });
  await page.keyboard.press("Control+C");
  await typeLine(page, "echo after-yes-$((1+1))");
  await expect(rows).toContainText("after-yes-2");

  // Stopped from the host: the tab says why the shell went.
  lxc("lxc-stop", ["-n", NAME, "-k"]);
  await expect(terminal(page).getByRole("status")).toHaveText("Ended: The container stopped.");
  await expect(list.getByText("No terminal is open on this container.")).toBeVisible();
});

test("a stopped container's terminal says it is not running and opens no socket", async ({ adminPage: page }) => {
  const sockets: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));
  await page.goto(`/containers/${NAME}/terminal`);
  await expect(page.getByText(`${NAME} is not running (STOPPED), so there is no shell to open.`)).toBeVisible();
  await expect(page.getByRole("region", { name: "Terminal" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New tab" })).toHaveCount(0);
  expect(sockets.filter((url) => url.includes("/api/terminal/"))).toEqual([]);
});
