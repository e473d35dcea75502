import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

// Steps through the real account pages, shared by global-setup and the specs.

/** The token a server with no account yet wrote into its data directory, for its /setup page. */
export function readSetupToken(dataDir: string): string {
  return readFileSync(path.join(dataDir, "setup-token"), "utf8").trim();
}

/** Makes the first admin on the /setup page the browser is on, and waits to land on the container list. */
export async function createFirstAdmin(page: Page, token: string, name: string, password: string): Promise<void> {
  await page.getByLabel("Setup token").fill(token);
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create admin" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

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
