import type { Page } from "@playwright/test";

// Steps through the real account pages, shared by global-setup and the specs.

/** Adds an account through the admin's /users page and waits for the page to confirm it. */
export async function addUser(adminPage: Page, name: string, password: string, role: "admin" | "viewer"): Promise<void> {
  await adminPage.goto("/users");
  const form = adminPage.getByRole("region", { name: "Add user" });
  await form.getByLabel("User name").fill(name);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByLabel("Confirm password").fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  await form.getByRole("status").filter({ hasText: `Added ${name} (${role}).` }).waitFor();
}

/** Signs in through the real /login page and waits to land on the container list. */
export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}
