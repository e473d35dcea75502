// Issue 12, as a person does it: on a container's Settings page, "Fixed
// address" refuses an address outside lxcbr0's subnet at the field, then pins
// a free one (a DHCP reservation file appears), and "Let DHCP choose" takes
// it back. A viewer sees the field without acting.
import { existsSync, readFileSync } from "node:fs";
import { test, expect } from "./fixtures";
import { freeBridgeAddress } from "../tests/helpers/free-bridge-address";
import { createUnprivileged, removeContainer, uniqueName } from "./lxc";

const NAME = uniqueName("fixed");
const RESERVATION = `/etc/lxc/dhcp-hosts.d/lxc-dashboard.${NAME}`;

test.describe.configure({ mode: "serial" });
test.beforeAll(() => createUnprivileged(NAME));
test.afterAll(() => removeContainer(NAME));

test("a fixed address is refused outside the bridge's subnet, then pinned and released", async ({ adminPage: page }) => {
  await page.goto(`/containers/${NAME}/settings`);
  const field = page.getByLabel("IPv4 address");
  await field.fill("10.0.4.5");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByText("10.0.4.5 is outside lxcbr0's subnet 10.0.3.0/24.")).toBeVisible();
  expect(existsSync(RESERVATION)).toBe(false);

  // Chosen now, not fixed: earlier containers of the run hold leases anywhere in the pool.
  const ADDRESS = freeBridgeAddress();
  await field.fill(ADDRESS);
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByText(`${NAME}: fixed address ${ADDRESS}`)).toBeVisible();
  await expect.poll(() => (existsSync(RESERVATION) ? readFileSync(RESERVATION, "utf8").trim() : "")).toMatch(new RegExp(`^00:16:3e(:[0-9a-f]{2}){3},${ADDRESS.replaceAll(".", "\\.")}$`));

  await page.getByRole("button", { name: "Let DHCP choose" }).click();
  await expect(page.getByText(`${NAME}: no fixed address`)).toBeVisible();
  expect(existsSync(RESERVATION)).toBe(false);
});

test("a viewer sees the fixed address field without acting", async ({ viewerPage: page }) => {
  await page.goto(`/containers/${NAME}/settings`);
  await expect(page.getByLabel("IPv4 address")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save address" })).toHaveCount(0);
});
