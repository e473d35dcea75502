// Issue 6, container settings, as a person does it: on a stopped container,
// a value out of range is refused at its field; a good one is shown as the
// config file's diff, written, applied by lxc-start and found in the audit
// log; a running container's settings cannot be changed; a viewer only reads.
import { readFileSync } from "node:fs";
import { test, expect } from "./fixtures";
import { createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const made: string[] = [];
test.afterAll(() => made.forEach(removeContainer));

test("change the memory limit of a stopped container: refused at the field, then the diff, the write and the audit row", async ({ adminPage: page }) => {
  const name = uniqueName("set");
  made.push(name);
  createUnprivileged(name);
  const configPath = `/var/lib/lxc/${name}/config`;

  await page.goto(`/containers/${name}`);
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${name}/settings$`));

  const memory = page.getByLabel("Memory limit");
  const review = page.getByRole("button", { name: "Review changes" });
  await memory.fill("0");
  await expect(page.getByText("A container needs at least 4M")).toBeVisible();
  await expect(memory).toHaveAttribute("aria-invalid", "true");
  await expect(review).toBeDisabled();
  await page.getByLabel("CPU set").fill("0-511");
  await expect(page.getByText(/This host has no CPU .*; the CPUs online are/)).toBeVisible();
  await page.getByLabel("CPU set").fill("");

  await memory.fill("256M");
  await expect(memory).not.toHaveAttribute("aria-invalid", "true");
  await review.click();
  const diff = page.getByRole("region", { name: "Config file change" });
  const added = diff.locator('[data-kind="added"]');
  await expect(added).toHaveCount(1);
  await expect(added).toContainText("lxc.cgroup.memory.limit_in_bytes = 256M");
  await expect(diff.locator('[data-kind="removed"]')).toHaveCount(0);
  expect(readFileSync(configPath, "utf8")).not.toContain("limit_in_bytes");

  await page.getByRole("button", { name: "Write the config" }).click();
  await expect(page.getByText(`${name}: settings written`)).toBeVisible();
  expect(readFileSync(configPath, "utf8")).toContain("lxc.cgroup.memory.limit_in_bytes = 256M");
  await expect(memory).toHaveValue("256M");

  // lxc-start applies it.
  lxc("lxc-start", ["-n", name, "-d"]);
  expect(lxc("lxc-cgroup", ["-n", name, "memory.limit_in_bytes"]).trim()).toBe(String(256 * 1024 * 1024));

  // Running now: the page says so and offers nothing to change.
  await expect(page.getByRole("alert").filter({ hasText: `${name} is running` })).toBeVisible();
  await expect(memory).toBeDisabled();

  await page.goto(`/audit?container=${name}`);
  const row = page.getByRole("row").filter({ hasText: "settings" });
  await expect(row).toContainText("edit the config: lxc.cgroup.memory.limit_in_bytes: (not set) → 256M");
  await expect(row).toContainText("ok");
});

test("a viewer sees the settings and cannot change them", async ({ viewerPage: page }) => {
  const name = uniqueName("set");
  made.push(name);
  createUnprivileged(name);
  await page.goto(`/containers/${name}/settings`);
  await expect(page.getByText("Only an admin can change settings")).toBeVisible();
  await expect(page.getByLabel("Bridge")).toHaveValue("lxcbr0");
  await expect(page.getByLabel("Memory limit")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Review changes" })).toHaveCount(0);
});
