// Issue 11, schedules as a person sets them: the one-line form on the
// Backups tab, its next run, the audit row with its cron pattern; a run the
// server's own scheduler makes (the slot moved into the past, as after the
// dashboard was down) that fails shows on the tab in red with its reason and
// on the Activity page; a viewer reads the schedule and cannot change it.
import { test, expect } from "./fixtures";
import { makeScheduleDue, scheduleRows } from "./dashboard-db";
import { createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";

const made: string[] = [];
test.afterAll(() => {
  for (const name of made) {
    try {
      lxc("lxc-unfreeze", ["-n", name]);
    } catch {
      // not frozen
    }
    removeContainer(name);
  }
});

test("schedule backups; a run that fails shows on the tab and in Activity", async ({ adminPage: page }) => {
  const name = uniqueName("sched");
  made.push(name);
  createUnprivileged(name, { start: true });

  await page.goto(`/containers/${name}/backups`);
  const form = page.getByRole("form", { name: "Schedule backups" });
  await form.getByLabel("How often").selectOption("daily");
  await form.getByLabel("Time").fill("03:00");
  await form.getByLabel("Keep").fill("2");
  await form.getByLabel("If it is running").selectOption("stop");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText(`${name}: backups daily at 03:00, keep 2`);
  const line = page.getByRole("region", { name: "Scheduled backups" });
  await expect(line.getByText(/^Next run/)).toBeVisible();
  expect(scheduleRows()).toContainEqual(expect.objectContaining({ container: name, kind: "backup", frequency: "daily", hour: 3, minute: 0, keep: 2 }));

  // A frozen container cannot be stopped for the copy: the scheduled run fails with that reason.
  lxc("lxc-freeze", ["-n", name]);
  makeScheduleDue(name, "backup");
  await expect(line.getByRole("alert")).toContainText(`failed — ${name} is frozen`, { timeout: 90_000 });
  lxc("lxc-unfreeze", ["-n", name]);

  await page.goto(`/activity?container=${name}`);
  await expect(page.getByText(`scheduled backup failed: ${name} is frozen`)).toBeVisible();

  await page.goto(`/audit?container=${name}`);
  await expect(page.getByRole("row").filter({ hasText: `schedule backups of ${name}: cron "0 3 * * *", keep 2, running: stop` })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "scheduler" }).first()).toContainText("backup");
});

test("a viewer reads a container's schedule but cannot change it; an admin's change reaches the viewer's open tab", async ({ adminPage, viewerPage }) => {
  const name = uniqueName("schedv");
  made.push(name);
  createUnprivileged(name);
  // The viewer's tab is open before the change: the push stream, not a reload or a poll, brings it.
  await viewerPage.goto(`/containers/${name}/snapshots`);
  const line = viewerPage.getByRole("region", { name: "Scheduled snapshots" });
  await expect(line).toContainText("No scheduled snapshots.");

  await adminPage.goto(`/containers/${name}/snapshots`);
  const form = adminPage.getByRole("form", { name: "Schedule snapshots" });
  await form.getByLabel("How often").selectOption("weekly");
  await form.getByLabel("Weekday").selectOption("on Monday");
  await form.getByLabel("Time").fill("04:30");
  await form.getByLabel("Keep").fill("4");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText(`${name}: snapshots weekly on Monday at 04:30, keep 4`);

  await expect(line).toContainText("Scheduled: weekly on Monday at 04:30, keep 4");
  await expect(line.getByText(/^Next run/)).toBeVisible();
  await expect(viewerPage.getByRole("form", { name: "Schedule snapshots" })).toHaveCount(0);
});
