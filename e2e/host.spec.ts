// Issue 6, host readiness in the browser (the dashboard as root on the CI
// host, which scripts/setup-host.sh prepared): every requirement a row with
// its state and what was found; the top bar's dot is green and leads to Host;
// a viewer sees the checklist too, with no Apply.
import { test, expect } from "./fixtures";

const ROWS = [
  "LXC tools",
  "Kernel features",
  "Bridge lxcbr0 and its DHCP",
  "Subordinate uid and gid ranges",
  "Container base config (idmap and network)",
  "Network device quota (lxc-usernet)",
  "Cgroup access",
  "Free disk in the lxcpath",
];

test("the checklist says the host is ready, and the dot leads to it", async ({ adminPage: page }) => {
  await page.goto("/");
  const dot = page.getByRole("link", { name: "Host ready" });
  await expect(dot).toBeVisible();
  await dot.click();
  await expect(page).toHaveURL(/\/host$/);
  await expect(page.getByRole("heading", { name: "Host", level: 1 })).toBeVisible();
  await expect(page.getByText("This host is ready for containers.")).toBeVisible();
  await expect(page.getByText(/Checked for root at/)).toBeVisible();
  for (const title of ROWS) await expect(page.getByRole("listitem", { name: title })).toBeVisible();
  const bridge = page.getByRole("listitem", { name: "Bridge lxcbr0 and its DHCP" });
  await expect(bridge).toContainText("OK");
  await expect(bridge).toContainText(/lxcbr0 up, 10\.0\.3\.1\/24, DHCP by dnsmasq \(pid \d+\)/);
  await expect(page.getByRole("listitem", { name: "Subordinate uid and gid ranges" })).toContainText(/sub-user range is \d+ 65536/);
  // Nothing to fix, so no command and no Apply; no banner on any page either.
  await expect(page.getByRole("button", { name: /^Apply/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Check again" }).click();
  await expect(page.getByText("This host is ready for containers.")).toBeVisible();
  await page.goto("/audit");
  await expect(page.getByText("This host is not ready for containers.")).toHaveCount(0);
});

test("a viewer sees the checklist", async ({ viewerPage: page }) => {
  await page.goto("/host");
  for (const title of ROWS) await expect(page.getByRole("listitem", { name: title })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Apply/ })).toHaveCount(0);
});
