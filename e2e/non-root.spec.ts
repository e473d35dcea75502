// Issue 6, non-root mode end to end: the dashboard runs as a regular test
// user (prepared by scripts/setup-user.sh, started with `npm start` as that
// user). Its Host page says so; the form offers no privileged container (nor
// the privileged-only debian template) and says why; through it it creates an unprivileged
// busybox container in the user's ~/.local/share/lxc, starts it (an address
// by DHCP through lxc-user-nic; frozen and its memory counted in the
// delegated cgroups), opens its terminal (uid 0 inside), shows its processes
// under the user's subordinate uid on the host, and destroys it. Its Host
// page applies a fix that is the user's own and shows one that needs root as
// a sudo command. Everything is undone after.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { NEEDS_ROOT } from "../lib/create-command";
import { startNonRootDashboard, type NonRootDashboard } from "./non-root-dashboard";

test.describe.configure({ mode: "serial" });

let dash: NonRootDashboard;
let page: Page;
const NAME = `e2e-nonroot-${randomBytes(3).toString("hex")}`;

test.beforeAll(async ({ browser }) => {
  dash = await startNonRootDashboard(browser);
  const context = await browser.newContext({ baseURL: dash.baseURL });
  page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("User name").fill(dash.admin.name);
  await page.getByLabel("Password").fill(dash.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
});

test.afterAll(async () => {
  await page?.context().close();
  await dash?.stop();
});

function listRow(name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

test("Host: checked for the user, with its lxc-usernet quota and the dashboard inside its delegated cgroups", async () => {
  await page.goto("/host");
  await expect(page.getByText(`Checked for ${dash.user} at`)).toBeVisible();
  await expect(page.getByText("This host is ready for containers.")).toBeVisible();
  await expect(page.getByText(`The dashboard runs as ${dash.user}, not root`)).toBeVisible();
  const row = (id: string) => page.locator(`li[data-check="${id}"]`);
  await expect(row("usernet")).toHaveAttribute("data-state", "ok");
  await expect(row("usernet")).toContainText(`${dash.user} veth lxcbr0 10: 0 of 10 in use`);
  await expect(row("default-conf")).toContainText(`${dash.home}/.config/lxc/default.conf: veth on lxcbr0, lxc.idmap u 0 ${dash.subuid} 65536`);
  await expect(row("cgroups")).toHaveAttribute("data-state", "ok");
  await expect(row("cgroups")).toContainText(existsSync("/run/systemd/system") ? "systemd delegates" : "the dashboard runs inside them");
  await expect(row("subordinate-ids")).toContainText(`sub-user range is ${dash.subuid} 65536`);
  // Nothing to apply as a regular user on a ready host, and the top bar's dot agrees.
  await expect(page.getByRole("button", { name: /^Apply/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Host ready" })).toBeVisible();
});

test("creates, starts, attaches to, lists and destroys the user's unprivileged container", async () => {
  await page.goto("/create");
  await page.getByLabel("Name").fill(NAME);
  await page.getByRole("radio", { name: "busybox" }).check();
  await expect(page.getByLabel("Unprivileged")).toBeChecked();
  // A regular user cannot make a privileged container, so neither a debian one: the form says why.
  await expect(page.getByLabel("Unprivileged")).toBeDisabled();
  await expect(page.getByText(NEEDS_ROOT.privileged)).toBeVisible();
  await expect(page.getByRole("radio", { name: "debian" })).toBeDisabled();
  await expect(page.getByRole("radio", { name: "debian" })).toHaveAccessibleDescription(NEEDS_ROOT.debian);
  // The user's own lxcpath, in the exact command before it runs.
  await expect(page.getByText(new RegExp(`lxc-create -P ${dash.lxcpath} -n ${NAME} -t busybox -f \\S+`))).toBeVisible();
  await page.getByRole("button", { name: "Create container" }).click();
  await page.getByRole("link", { name: `Open ${NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${NAME}$`));
  // On the host: in the user's lxcpath, unprivileged, as the user's own lxc-ls sees it.
  expect(existsSync(path.join(dash.lxcpath, NAME, "config"))).toBe(true);
  expect(dash.lxcAsUser("lxc-ls", ["-f", "-F", "NAME,UNPRIVILEGED"])).toMatch(new RegExp(`${NAME}\\s+true`));

  await page.goto("/");
  const row = listRow(NAME);
  await expect(row).toContainText("STOPPED");
  await row.getByRole("button", { name: "Start", exact: true }).click();
  await expect(row).toContainText("RUNNING");
  await expect(row.getByRole("link", { name: /^10\.0\.3\.\d+$/ })).toBeVisible({ timeout: 30_000 });
  // Its veth counts against the user's quota: as the dashboard sees it (by the bridge's ports
  // named veth<uid>_…) and as root's command-line check does (lxc-user-nic's /run/lxc/nics).
  await page.goto("/host");
  await page.getByRole("button", { name: "Check again" }).click();
  await expect(page.locator('li[data-check="usernet"]')).toContainText(`${dash.user} veth lxcbr0 10: 1 of 10 in use`);
  const cli = JSON.parse(execFileSync("npx", ["tsx", "scripts/check-host.ts", "--user", dash.user, "--json"], { encoding: "utf8" })) as {
    rows: Array<{ id: string; found: string }>;
  };
  expect(cli.rows.find((r) => r.id === "usernet")?.found).toBe(`${dash.user} veth lxcbr0 10: 1 of 10 in use`);
  await page.goto("/");

  // Freezing needs the freezer cgroup, below the user's delegated one.
  await row.getByRole("button", { name: `More actions for ${NAME}` }).click();
  await row.getByRole("menuitem", { name: "Freeze" }).click();
  await expect(row).toContainText("FROZEN");
  await row.getByRole("button", { name: "Unfreeze", exact: true }).click();
  await expect(row).toContainText("RUNNING");

  // Memory is counted: the container runs in cgroups below the user's delegated ones.
  await page.goto(`/containers/${NAME}`);
  await expect(page.locator("dt", { hasText: "Memory" }).locator("xpath=following-sibling::dd")).toHaveText(/\d+(\.\d+)? (KiB|MiB)/);

  // Its terminal: lxc-attach as the user, root inside.
  await page.goto(`/containers/${NAME}/terminal`);
  const terminal = page.getByRole("region", { name: "Terminal" });
  await expect(terminal.getByRole("status")).toHaveText("Connected");
  await terminal.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type("id");
  await page.keyboard.press("Enter");
  await expect(terminal.locator(".xterm-rows")).toContainText("uid=0(root) gid=0(root)");

  // Its processes: init as root inside, the user's first subordinate uid on the host.
  const initPid = dash.lxcAsUser("lxc-info", ["-n", NAME, "-pH"]).trim();
  expect(execFileSync("ps", ["-o", "uid=", "-p", initPid], { encoding: "utf8" }).trim()).toBe(String(dash.subuid));
  await page.goto(`/containers/${NAME}/processes`);
  const init = page
    .getByRole("table", { name: "Processes" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: "init", exact: true }) })
    .filter({ has: page.locator("td:first-child", { hasText: /^1$/ }) });
  await expect(init).toHaveCount(1);
  await expect(init).toContainText(`${dash.subuid} → 0 (root)`);
  await expect(init).toContainText(initPid);
  // And on the host view, in a group under the container's name.
  await page.goto("/processes");
  const group = page.getByRole("rowgroup", { name: NAME, exact: true });
  await expect(group.getByRole("row").filter({ hasText: initPid })).toContainText(`${dash.subuid} → 0 (root)`);

  await page.goto("/");
  await listRow(NAME).getByRole("button", { name: `More actions for ${NAME}` }).click();
  await listRow(NAME).getByRole("menuitem", { name: "Destroy" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(`Type ${NAME} to confirm`).fill(NAME);
  await dialog.getByRole("button", { name: "Destroy" }).click();
  await expect(listRow(NAME)).toHaveCount(0);
  expect(existsSync(path.join(dash.lxcpath, NAME))).toBe(false);
});

test("Apply writes the user's own default.conf; a fix that needs root is a sudo command to run on the host", async () => {
  const conf = path.join(dash.home, ".config/lxc/default.conf");
  const written = readFileSync(conf, "utf8");
  const usernet = readFileSync("/etc/lxc/lxc-usernet", "utf8");
  rmSync(conf);
  writeFileSync("/etc/lxc/lxc-usernet", usernet.split("\n").filter((l) => !l.startsWith(`${dash.user} `)).join("\n"));
  try {
    await page.goto("/host");
    await page.getByRole("button", { name: "Check again" }).click();
    await expect(page.getByText("Not ready:")).toBeVisible();

    const usernetRow = page.getByRole("listitem", { name: "Network device quota (lxc-usernet)" });
    await expect(usernetRow).toHaveAttribute("data-state", "missing");
    await expect(usernetRow).toContainText("Run this on the host:");
    await expect(usernetRow).toContainText(`echo '${dash.user} veth lxcbr0 10' | sudo tee -a /etc/lxc/lxc-usernet >/dev/null`);
    await expect(usernetRow.getByRole("button", { name: /^Apply/ })).toHaveCount(0);

    // Every other page says so, and the dot turns amber.
    await page.goto("/audit");
    await expect(page.getByText("This host is not ready for containers.")).toBeVisible();
    await expect(page.getByRole("link", { name: /^Host needs attention/ })).toBeVisible();

    await page.goto("/host");
    const confRow = page.getByRole("listitem", { name: "Container base config (idmap and network)" });
    await expect(confRow).toHaveAttribute("data-state", "missing");
    await expect(confRow).toContainText(`there is no ${conf}`);
    await confRow.getByRole("button", { name: "Apply the fix for Container base config (idmap and network)" }).click();
    await expect(confRow).toHaveAttribute("data-state", "ok");
    expect(readFileSync(conf, "utf8")).toBe(written);

    await page.goto("/audit");
    const entry = page.getByRole("row").filter({ hasText: "host fix: default-conf" });
    await expect(entry).toContainText(`mkdir -p ${path.dirname(conf)} && printf`);
    await expect(entry).toContainText("ok");
  } finally {
    writeFileSync("/etc/lxc/lxc-usernet", usernet);
    if (!existsSync(conf)) writeFileSync(conf, written);
  }
});
