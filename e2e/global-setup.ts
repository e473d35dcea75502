import { chromium, type FullConfig } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { addUser, createFirstAdmin, readSetupToken, signIn } from "./auth-steps";
import { ADMIN, ADMIN_STATE, AUTH_DIR, VIEWER, VIEWER_STATE } from "./fixtures";

/**
 * Runs once, after the web server is up on its fresh data directory: creates
 * the first admin through the real /setup page with the token the server
 * wrote, the viewer through the real /users page, and saves both signed-in
 * browser states for fixtures.ts.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const { baseURL, launchOptions } = config.projects[0]!.use;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!baseURL || !dataDir) throw new Error("global-setup: playwright.config.ts must set baseURL and E2E_DATA_DIR");
  let token: string;
  try {
    token = readSetupToken(dataDir);
  } catch {
    throw new Error(`global-setup: no setup token in ${dataDir}; the e2e server needs a fresh, empty data directory`);
  }
  mkdirSync(AUTH_DIR, { recursive: true });

  const browser = await chromium.launch(launchOptions);
  try {
    const admin = await browser.newContext({ baseURL });
    const page = await admin.newPage();
    // With no account yet, every page leads to the setup page.
    await page.goto("/");
    await page.waitForURL((url) => url.pathname === "/setup");
    await createFirstAdmin(page, token, ADMIN.name, ADMIN.password);
    await admin.storageState({ path: ADMIN_STATE });

    await addUser(page, VIEWER.name, VIEWER.password, "viewer");

    const viewer = await browser.newContext({ baseURL });
    await signIn(await viewer.newPage(), VIEWER.name, VIEWER.password);
    await viewer.storageState({ path: VIEWER_STATE });
  } finally {
    await browser.close();
  }
}
