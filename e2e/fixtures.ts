import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * What every e2e spec imports instead of @playwright/test:
 *   import { test, expect } from "./fixtures";
 *   test("...", async ({ adminPage, viewerPage }) => { ... });
 *
 * global-setup.ts creates the two accounts through the real /setup and /users
 * pages and saves their signed-in browser state; each fixture is a fresh
 * browser context from that state, so specs start signed in. The plain
 * `page` fixture stays signed out.
 *
 * Do not sign these saved sessions out or change these passwords in a spec:
 * every later spec shares them. Sign in afresh (a new session) or use an
 * account of the spec's own for that.
 */

export const ADMIN = { name: "admin", password: "e2e-admin-passphrase" } as const;
export const VIEWER = { name: "viewer", password: "e2e-viewer-passphrase" } as const;

/**
 * Where global-setup saves each account's storage state: inside this run's
 * own data directory, so two runs at once (on different E2E_PORTs) never
 * read each other's sign-ins.
 */
export const AUTH_DIR = path.join(process.env.E2E_DATA_DIR ?? "", "e2e-auth");
export const ADMIN_STATE = path.join(AUTH_DIR, "admin.json");
export const VIEWER_STATE = path.join(AUTH_DIR, "viewer.json");

/** The session cookie saved in a storage state, as a Cookie header for raw requests. */
export function savedCookie(stateFile: string): string {
  const { cookies } = JSON.parse(readFileSync(stateFile, "utf8")) as { cookies: { name: string; value: string }[] };
  const session = cookies.find((c) => c.name === "lxcd_session");
  if (!session) throw new Error(`no session cookie in ${stateFile}`);
  return `lxcd_session=${session.value}`;
}

async function signedInPage(browser: Browser, baseURL: string | undefined, storageState: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState });
  return context.newPage();
}

export const test = base.extend<{ adminPage: Page; viewerPage: Page }>({
  adminPage: async ({ browser, baseURL }, use) => {
    const page = await signedInPage(browser, baseURL, ADMIN_STATE);
    await use(page);
    await page.context().close();
  },
  viewerPage: async ({ browser, baseURL }, use) => {
    const page = await signedInPage(browser, baseURL, VIEWER_STATE);
    await use(page);
    await page.context().close();
  },
});

export { expect };
