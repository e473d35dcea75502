// Issue 12 end to end, as a person does it: a running container's services
// are listed (on its page, and as chips in the list); Expose on busybox httpd
// opens a dialog with a free host port prefilled; the forward shows on the
// container's page and on the Ports page with its state and who made it; the
// page is fetched through it, in Chromium, at the host's own address; a taken
// port is refused at its field; Remove takes it back. A viewer sees, never acts.
import { spawnSync } from "node:child_process";
import { lanAddresses } from "../server/host/lan-addresses";
import { readListeningSockets } from "../server/services/listening-sockets";
import { createServingContainer, PAGE, removeServingContainer, UDP_PORT } from "../tests/helpers/service-container";
import { test, expect } from "./fixtures";
import { uniqueName } from "./lxc";

const NAME = uniqueName("lan");
// The table playwright.config.ts gives this run's server.
const TABLE = `lxcd_e2e_${process.env.E2E_PORT ?? 3107}`;
const nft = (...args: string[]) => spawnSync("nft", args, { encoding: "utf8" });

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  await createServingContainer(NAME);
});
test.afterAll(() => {
  removeServingContainer(NAME);
  nft("delete", "table", "ip", TABLE);
});

/** A port of 18080–18099 that nothing listens on and no rule forwards. */
function freeTestPort(): number {
  const used = new Set((readListeningSockets("self") ?? []).map((s) => s.localPort));
  const rules = nft("list", "ruleset").stdout;
  const port = Array.from({ length: 20 }, (_, i) => 18080 + i).find((p) => !used.has(p) && !rules.includes(`dport ${p} `));
  if (port === undefined) throw new Error("every port of 18080-18099 is taken");
  return port;
}

test("a listed service is exposed, shown on the Ports page and fetched through the host port", async ({ adminPage: page }) => {
  const hostPort = freeTestPort();
  const hostAddress = lanAddresses()[0]!;

  // The list's compact column.
  await page.goto("/");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: NAME, exact: true }) });
  await expect(row.getByRole("list", { name: "Services" })).toContainText("httpd :80");

  // The container page: both services with their programs.
  await page.goto(`/containers/${NAME}`);
  const services = page.getByRole("table", { name: "Services" });
  const http = services.getByRole("row").filter({ hasText: "httpd :80" });
  await expect(http).toContainText("httpd");
  await expect(services.getByRole("row").filter({ hasText: `nc :${UDP_PORT}/udp` })).toContainText("udp");

  await http.getByRole("button", { name: "Expose httpd on port 80/tcp" }).click();
  const dialog = page.getByRole("dialog", { name: "Expose httpd :80 of " + NAME });
  const port = dialog.getByLabel("Host port");
  // A free port is prefilled by the server.
  await expect(port).toHaveValue(/^\d+$/);
  await expect(dialog).toContainText("nftables DNAT rules");
  // A taken one (the dashboard's own) is refused at the field, with who holds it.
  const dashboardPort = new URL(page.url()).port;
  await port.fill(dashboardPort);
  await dialog.getByRole("button", { name: "Expose" }).click();
  await expect(dialog.getByText(`Host port ${dashboardPort}/tcp is in use on this host by node`)).toBeVisible();
  await expect(port).toHaveAttribute("aria-invalid", "true");
  await port.fill(String(hostPort));
  await dialog.getByRole("button", { name: "Expose" }).click();
  await expect(dialog).toBeHidden();
  await expect(http).toContainText(`${hostPort}/tcp`);
  await expect(http).toContainText("ACTIVE");

  // The Ports page, from the left navigation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ports" }).click();
  await expect(page).toHaveURL(/\/ports$/);
  const forward = page.getByRole("table", { name: "Forwards" }).getByRole("row").filter({ hasText: NAME });
  await expect(forward).toContainText(`${hostPort}/tcp`);
  await expect(forward).toContainText("ACTIVE");
  await expect(forward).toContainText(":80");
  await expect(forward).toContainText("admin");
  expect(nft("list", "table", "ip", TABLE).stdout).toContain(`tcp dport ${hostPort} dnat to`);

  // The page itself, through the forward, at the host's own address.
  const visitor = await page.context().newPage();
  await visitor.goto(`http://${hostAddress}:${hostPort}/`);
  await expect(visitor.locator("body")).toContainText(PAGE);
  await visitor.close();

  // Every change is an audit row with the exact ruleset.
  await page.goto(`/audit?container=${NAME}`);
  await expect(page.getByRole("row").filter({ hasText: "expose port" }).first()).toContainText(`nft -f`);

  await page.goto("/ports");
  await forward.getByRole("button", { name: `Remove the forward of host port ${hostPort}/tcp` }).click();
  await expect(forward).toHaveCount(0);
  await expect(page.getByText("No port of this host is forwarded to a container yet.")).toBeVisible();
  expect(nft("list", "ruleset").stdout).not.toContain(`dport ${hostPort} `);
});

test("a viewer sees the Ports page and the services, with no Expose, Add or Remove", async ({ viewerPage: page }) => {
  await page.goto(`/containers/${NAME}`);
  await expect(page.getByRole("table", { name: "Services" })).toContainText("httpd :80");
  await expect(page.getByRole("button", { name: /^Expose/ })).toHaveCount(0);
  await page.goto("/ports");
  await expect(page.getByRole("heading", { name: "Ports" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a forward" })).toHaveCount(0);
});
