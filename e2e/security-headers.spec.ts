// Issue 13: the headers a root-shell dashboard sends, read from every page and
// route handler the app has (found in app/ at test time, so a new one is
// covered the day it lands), signed in and not, plus static files and refused
// answers; then, in Chromium, that the pages and the terminal work under the
// policy with not one violation reported.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { ADMIN_STATE, savedCookie, test, expect } from "./fixtures";
import { createUnprivileged, lxc, removeContainer, uniqueName } from "./lxc";
import { rawRequest, type RawResponse } from "./raw-http";

const APP_DIR = path.join(import.meta.dirname, "../app");
const NAME = uniqueName("csp");

test.describe.configure({ mode: "serial" });
test.beforeAll(() => {
  createUnprivileged(NAME, { start: true });
  lxc("lxc-wait", ["-n", NAME, "-s", "RUNNING", "-t", "30"]);
});
test.afterAll(() => removeContainer(NAME));

/** Every page.tsx and route.ts under app/, as URL paths with [name] our container and [id] a made-up operation. */
function appPaths(dir = APP_DIR): { path: string; kind: "page" | "route" }[] {
  const found: { path: string; kind: "page" | "route" }[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...appPaths(full));
    else if (entry === "page.tsx" || entry === "route.ts") {
      const url = `/${path.relative(APP_DIR, dir)}`.replace(/\/$/, "").replace("[name]", NAME).replace("[id]", "no-such-operation").replace("[target]", "no-such-host");
      found.push({ path: url === "" ? "/" : url, kind: entry === "page.tsx" ? "page" : "route" });
    }
  }
  return found;
}

function expectSecurityHeaders(r: RawResponse, what: string): string {
  const csp = String(r.headers["content-security-policy"] ?? "");
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  expect.soft(directives.get("script-src"), `${what}: script-src`).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]+={0,2}'$/), "'strict-dynamic'"]);
  expect.soft(directives.get("connect-src"), `${what}: connect-src`).toEqual(["'self'"]);
  expect.soft(directives.get("default-src"), `${what}: default-src`).toEqual(["'self'"]);
  expect.soft(directives.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
  expect.soft(directives.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect.soft(r.headers["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  expect.soft(r.headers["x-content-type-options"], `${what}: X-Content-Type-Options`).toBe("nosniff");
  expect.soft(r.headers["referrer-policy"], `${what}: Referrer-Policy`).toBe("same-origin");
  return /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
}

test("every page and route answers with the security headers, signed in and not, refused and static answers too", async () => {
  const baseURL = test.info().project.use.baseURL!;
  const cookie = savedCookie(ADMIN_STATE);
  const paths = appPaths();
  // The app has pages and routes: an empty list would prove nothing.
  expect(paths.filter((p) => p.kind === "page").length).toBeGreaterThan(10);
  expect(paths.filter((p) => p.kind === "route").length).toBeGreaterThan(3);
  const nonces = new Set<string>();
  for (const { path: p, kind } of paths) {
    for (const headers of [{ cookie }, {}]) {
      const r = await rawRequest(`${baseURL}${p}`, { headers });
      const nonce = expectSecurityHeaders(r, `${kind} ${p} (${headers.cookie ? "signed in" : "signed out"}, ${r.status})`);
      nonces.add(nonce);
      // A rendered page's scripts all carry this answer's nonce, and no other.
      if (r.status === 200 && String(r.headers["content-type"]).startsWith("text/html")) {
        const scripts = [...r.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length, `${p}: scripts`).toBeGreaterThan(0);
        for (const tag of scripts) expect.soft(tag, `${p}: ${tag}`).toContain(`nonce="${nonce}"`);
      }
    }
  }
  // A fresh nonce per answer.
  expect(nonces.size).toBe(paths.length * 2);

  const page = await rawRequest(`${baseURL}/login`);
  const chunk = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
  expect(chunk).toBeTruthy();
  for (const [url, headers] of [
    [chunk!, {}],
    ["/icon.svg", {}],
    ["/no-such-page", { cookie }],
    ["/", { host: "evil.example" }],
    ["/api/containers", { cookie, origin: "http://evil.example" }],
  ] as const) {
    expectSecurityHeaders(await rawRequest(`${baseURL}${url}`, { headers }), `${url} ${JSON.stringify(headers)}`);
  }
});

/** Collects what the browser reports as blocked by the policy. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return seen;
}

test("the pages hydrate and the terminal works under the policy, with no violation", async ({ adminPage: page }) => {
  const violations = await watchViolations(page);
  for (const p of ["/", "/create", "/host", "/images", "/audit", "/processes", "/users", "/account", `/containers/${NAME}`, `/containers/${NAME}/settings`]) {
    await page.goto(p);
    await expect(page.getByRole("heading").first()).toBeVisible();
  }
  // Client navigation (an RSC fetch) from the list to a container.
  await page.goto("/");
  await page.getByRole("link", { name: NAME, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${NAME}$`));

  // xterm.js and the WebSocket: a shell answers.
  await page.goto(`/containers/${NAME}/terminal`);
  const terminal = page.getByRole("region", { name: "Terminal" });
  await terminal.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type("echo csp-$((6*7))");
  await page.keyboard.press("Enter");
  await expect(terminal.locator(".xterm-rows")).toContainText("csp-42");
  expect(violations).toEqual([]);
});
