// Issue 3, sessions as a person meets them: signing in (and back to the page
// asked for), signing out ending the session on the server, a password change
// ending the other sessions, a disabled account shut out. Each test signs in
// afresh or uses an account of its own, so the saved sessions of fixtures.ts
// are never ended.
import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "@playwright/test";
import { addUser, signIn } from "./auth-steps";
import { ADMIN, test, expect } from "./fixtures";
import { rawRequest } from "./raw-http";

const SESSION_COOKIE = "lxcd_session";

function throwawayName(area: string): string {
  return `${area}-${randomBytes(3).toString("hex")}`;
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie in this browser");
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** What the server says to a bare request carrying only this cookie. */
async function apiStatus(baseURL: string, cookie: string): Promise<number> {
  return (await rawRequest(`${baseURL}/api/containers`, { headers: { cookie } })).status;
}

async function signOutThroughMenu(page: Page, name: string, role: string): Promise<void> {
  await page.getByRole("button", { name: `User menu: ${name} (${role})` }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/login");
}

test("signing in returns to the page asked for; signing out ends the session on the server", async ({ page, baseURL }) => {
  await page.goto("/audit?outcome=refused");
  await expect(page).toHaveURL(/\/login\?next=%2Faudit%3Foutcome%3Drefused$/);
  await page.getByLabel("User name").fill(ADMIN.name);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/audit\?outcome=refused$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  const [cookie] = (await page.context().cookies()).filter((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
  const header = await sessionCookie(page.context());
  expect(await apiStatus(baseURL!, header)).toBe(200);

  await signOutThroughMenu(page, ADMIN.name, "admin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The old cookie, replayed by hand, is worth nothing now: the session is gone on the server.
  expect(await apiStatus(baseURL!, header)).toBe(401);
  const pageVisit = await rawRequest(`${baseURL}/`, { headers: { cookie: header } });
  expect(pageVisit.status).toBe(307);
  expect(pageVisit.headers.location).toBe("/login");
});

test("a wrong password is refused with a clear message and no session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("User name").fill(ADMIN.name);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong user name or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
});

test("the login page never sends the browser to another site", async ({ page, baseURL }) => {
  for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example/"]) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("User name").fill(ADMIN.name);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  }
});

test("changing one's password ends one's other sessions, not this one", async ({ adminPage, browser, baseURL }) => {
  const name = throwawayName("pw");
  const [oldPassword, newPassword] = ["first-passphrase-1", "second-passphrase-2"];
  await addUser(adminPage, name, oldPassword, "viewer");

  const here = await browser.newContext({ baseURL });
  const elsewhere = await browser.newContext({ baseURL });
  try {
    const page = await here.newPage();
    const other = await elsewhere.newPage();
    await signIn(page, name, oldPassword);
    await signIn(other, name, oldPassword);
    const otherCookie = await sessionCookie(elsewhere);

    await page.goto("/account");
    await expect(page.getByText("signs out every other session of yours")).toBeVisible();
    await page.getByLabel("Current password").fill("a wrong guess here");
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("The current password is wrong.")).toBeVisible();
    expect(await apiStatus(baseURL!, otherCookie)).toBe(200);

    await page.getByLabel("Current password").fill(oldPassword);
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: "Password changed. Your other sessions are signed out; this one stays signed in." }),
    ).toBeVisible();

    expect(await apiStatus(baseURL!, otherCookie)).toBe(401);
    await other.goto("/");
    await expect(other).toHaveURL(/\/login$/);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Containers" })).toBeVisible();

    // The old password no longer signs in; the new one does.
    await other.getByLabel("User name").fill(name);
    await other.getByLabel("Password").fill(oldPassword);
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other.getByRole("alert").filter({ hasText: "Wrong user name or password." })).toBeVisible();
    await signIn(other, name, newPassword);
  } finally {
    await here.close();
    await elsewhere.close();
  }
});

test("a disabled user is signed out at once and cannot sign in until enabled", async ({ adminPage, browser, baseURL }) => {
  const name = throwawayName("off");
  const password = "disabled-passphrase";
  await addUser(adminPage, name, password, "viewer");
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, name, password);
    const cookie = await sessionCookie(context);

    await adminPage.goto("/users");
    const row = adminPage.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: `Disabled ${name}` })).toBeVisible();
    await expect(row).toContainText("disabled");

    expect(await apiStatus(baseURL!, cookie)).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel("User name").fill(name);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "This account is disabled." })).toBeVisible();

    await row.getByRole("button", { name: "Enable" }).click();
    await expect(row).toContainText("enabled");
    await signIn(page, name, password);
  } finally {
    await context.close();
  }
});

test("an admin's password reset signs the user out; removing a user asks first", async ({ adminPage, browser, baseURL }) => {
  const name = throwawayName("rm");
  await addUser(adminPage, name, "reset-me-passphrase", "viewer");
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, name, "reset-me-passphrase");
    const cookie = await sessionCookie(context);

    await adminPage.goto("/users");
    const row = adminPage.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: "Reset password" }).click();
    const reset = adminPage.getByRole("dialog", { name: `Reset the password of ${name}` });
    await reset.getByLabel("New password", { exact: true }).fill("short");
    await reset.getByLabel("Confirm new password").fill("short");
    await reset.getByRole("button", { name: "Set password" }).click();
    await expect(reset.getByText("A password has at least 10 characters.")).toBeVisible();
    await reset.getByLabel("New password", { exact: true }).fill("after-reset-passphrase");
    await reset.getByLabel("Confirm new password").fill("after-reset-passphrase");
    await reset.getByRole("button", { name: "Set password" }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: `Set a new password for ${name}` })).toBeVisible();
    expect(await apiStatus(baseURL!, cookie)).toBe(401);
    await signIn(page, name, "after-reset-passphrase");

    await row.getByRole("button", { name: "Remove" }).click();
    const confirm = adminPage.getByRole("dialog", { name: `Remove ${name}?` });
    await expect(confirm).toContainText("stays in the audit log");
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: `Removed ${name}.` })).toBeVisible();
    await expect(row).toHaveCount(0);
    expect(await apiStatus(baseURL!, await sessionCookie(context))).toBe(401);
  } finally {
    await context.close();
  }
});

test("the users page shows errors next to the fields and refuses a duplicate name", async ({ adminPage }) => {
  await adminPage.goto("/users");
  const form = adminPage.getByRole("region", { name: "Add user" });
  await form.getByLabel("User name").fill("9lives");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByLabel("User name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Start with a letter; use only letters, digits, '.', '_' and '-'.")).toBeVisible();

  await form.getByLabel("User name").fill(ADMIN.name);
  await form.getByLabel("Password", { exact: true }).fill("long enough passphrase");
  await form.getByLabel("Confirm password").fill("long enough passphrase");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText(`A user named ${ADMIN.name} already exists.`)).toBeVisible();
});
