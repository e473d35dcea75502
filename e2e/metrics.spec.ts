import { makePrivateLxcpath } from "../tests/helpers/private-lxcpath";
import { createFirstAdmin, readSetupToken } from "./auth-steps";
import { auditRowsAfter, lastAuditId, metricsTokenRows } from "./dashboard-db";
import { startExtraServer } from "./extra-server";
import { expect, test } from "./fixtures";
import { createUnprivileged, removeContainer, uniqueName } from "./lxc";
import { rawRequest } from "./raw-http";

// Usage history end to end: a dashboard of its own over a private lxcpath
// (so the top tables hold only this spec's containers), a busybox container
// that has run a minute under a small load, then the Metrics tab's charts,
// the range buttons, the list's sparklines, the Overview's top tables and its
// latest activity.

test("a container's Metrics tab draws its history, the range buttons change it, and the Overview lists it on top", async ({ browser }) => {
  test.setTimeout(300_000);
  const box = makePrivateLxcpath("e2e-metrics");
  let server: Awaited<ReturnType<typeof startExtraServer>> | undefined;
  try {
    const busy = box.create("busy");
    const idle = box.create("idle");
    box.start(busy);
    box.start(idle);
    // A little CPU, every second.
    box.attach(busy, "/bin/sh", "-c", "(while true; do i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; sleep 1; done) > /dev/null 2>&1 < /dev/null &");
    server = await startExtraServer({ LXC_LXCPATH: box.lxcpath });
    const page = await browser.newPage({ baseURL: server.baseURL });
    await page.goto("/setup");
    await createFirstAdmin(page, readSetupToken(server.dataDir), "metrics", "metrics-e2e-passphrase");

    // The list's sparklines appear once the sampler has points.
    await expect(page.getByRole("img", { name: new RegExp(`^${busy} CPU: now `) })).toBeVisible({ timeout: 30_000 });

    await page.waitForTimeout(60_000); // the container has run a minute under the sampler
    await page.goto(`/containers/${busy}/metrics`);
    const cpu = page.getByRole("figure", { name: "CPU (% of one core)" });
    await expect(cpu.locator("canvas")).toBeVisible();
    await expect(cpu).toContainText(/CPU, last 1 h: average \d/); // the screen-reader summary: points, not "no data"
    await expect(page.getByRole("figure", { name: "Memory" })).toContainText(/in use, last 1 h: average [\d.]+ (KiB|MiB)/);

    await page.getByRole("button", { name: "24 h" }).click();
    await expect(page.getByRole("button", { name: "24 h" })).toHaveAttribute("aria-pressed", "true");
    await expect(cpu).toContainText(/CPU, last 24 h: average \d/);
    await page.getByRole("button", { name: "15 min" }).click();
    await expect(cpu).toContainText(/CPU, last 15 min: average \d/);
    await page.screenshot({ path: "test-results/metrics-tab.png", fullPage: true });

    // Hovering reads out the time and the value under the pointer, on every chart at once (one crosshair):
    // nothing 14 minutes ago, values in the last moments.
    const over = (await cpu.locator(".u-over").boundingBox())!;
    const legend = (figure: string, row: number) => page.getByRole("figure", { name: figure }).locator(".u-legend .u-series").nth(row);
    await page.mouse.move(over.x + over.width * 0.05, over.y + over.height / 2, { steps: 4 });
    await expect(legend("CPU (% of one core)", 0)).toContainText(/^Time\s*\S+ \d+ \d{2}:\d{2}$/);
    await expect(legend("CPU (% of one core)", 1)).toContainText(/^CPU\s*–$/);
    await page.mouse.move(over.x + over.width * 0.97, over.y + over.height / 2, { steps: 4 });
    await expect(legend("CPU (% of one core)", 1)).toContainText(/^CPU\s*[\d.]+ %$/);
    await expect(legend("Memory", 1)).toContainText(/^in use\s*[\d.]+ (KiB|MiB)$/);

    // A download of the range shown.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const csv = await (await download).createReadStream();
    let text = "";
    for await (const chunk of csv) text += chunk;
    expect(text.split("\n")[0]).toMatch(/^time,unix_seconds,cpu_percent,memory_bytes,/);
    expect((await download).suggestedFilename()).toMatch(new RegExp(`^lxc-metrics-${busy}-\\d{8}T\\d{4}Z-15m\\.csv$`));

    // The same range as JSON: the same buckets with the same values as the CSV (where the two downloads overlap).
    const jsonDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download JSON" }).click();
    expect((await jsonDownload).suggestedFilename()).toMatch(new RegExp(`^lxc-metrics-${busy}-\\d{8}T\\d{4}Z-15m\\.json$`));
    let jsonText = "";
    for await (const chunk of await (await jsonDownload).createReadStream()) jsonText += chunk;
    const series = JSON.parse(jsonText) as { container: string; step: number; t: number[]; values: { cpu?: (number | null)[]; mem?: (number | null)[] } };
    expect(series.container).toBe(busy);
    expect(series.t.length).toBeGreaterThan(100);
    expect(series.values.cpu).toHaveLength(series.t.length);
    const [header, ...rows] = text.trim().split("\n").map((line) => line.split(","));
    const column = (name: string) => header!.indexOf(name);
    const byTime = new Map(rows.map((r) => [Number(r[column("unix_seconds")]), r]));
    const cellOf = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(Math.round(v * 1000) / 1000));
    let compared = 0;
    let withData = 0;
    series.t.forEach((t, i) => {
      const row = byTime.get(t);
      if (!row) return;
      compared++;
      if (series.values.cpu![i] !== null) withData++;
      expect(row[column("cpu_percent")], `cpu at ${t}`).toBe(cellOf(series.values.cpu![i]));
      expect(row[column("memory_bytes")], `memory at ${t}`).toBe(cellOf(series.values.mem![i]));
    });
    expect(compared).toBeGreaterThan(100);
    expect(withData).toBeGreaterThan(0);

    await page.goto("/overview");
    await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
    const byCpu = page.getByRole("table", { name: "By CPU, now" });
    await expect(byCpu.getByRole("row").nth(1)).toContainText(busy);
    await expect(page.getByRole("table", { name: "By memory, now" })).toContainText(idle);
    await page.getByRole("button", { name: "Last 24 h" }).click();
    await expect(page.getByRole("table", { name: "By CPU, average over the last 24 hours" })).toContainText(busy);
    await expect(page.getByRole("figure", { name: "CPU (% of all cores)" }).locator("canvas")).toBeVisible();

    // The latest activity is the Activity feed: a container stopped from a shell shows up in it, without a reload.
    box.stop(idle);
    const latest = page.getByRole("list", { name: "Latest activity" });
    await expect(latest.getByRole("listitem").filter({ hasText: idle }).first()).toContainText("outside the dashboard", { timeout: 20_000 });
  } finally {
    await server?.stop();
    box.remove();
  }
});

test("Prometheus scrapes /metrics with a token an admin made; without it, with a wrong or a revoked one: 401, audited", async ({ adminPage: page, viewerPage, baseURL }) => {
  const name = uniqueName("scrape");
  createUnprivileged(name, { start: true });
  try {
    const scrape = (token?: string) => rawRequest(`${baseURL}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    // A viewer is not offered the page, and the server refuses it too.
    await viewerPage.goto("/");
    await expect(viewerPage.getByRole("link", { name: "Metrics tokens" })).toHaveCount(0);

    await page.goto("/tokens");
    await page.getByLabel("Name").fill("e2e scraper");
    await page.getByRole("button", { name: "Make token" }).click();
    await expect(page.getByRole("status")).toContainText("Token e2e scraper made. Copy it now");
    const token = (await page.locator("pre").first().textContent())!.trim();
    expect(token).toMatch(/^lxcm_[A-Za-z0-9_-]{43}$/);
    // Only its hash is kept.
    expect(metricsTokenRows("e2e scraper")[0]!.tokenHash).not.toContain(token.slice(5, 20));
    await page.reload();
    await expect(page.getByRole("table", { name: "Metrics tokens" })).toContainText("e2e scraper");
    expect(await page.content()).not.toContain(token);

    // A scrape with it: the text format, this container labelled, within a sample or two.
    await expect
      .poll(async () => (await scrape(token)).body, { timeout: 20_000 })
      .toMatch(new RegExp(`^lxc_container_memory_bytes\\{container="${name}"\\} \\d+$`, "m"));
    const ok = await scrape(token);
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toContain("text/plain; version=0.0.4");
    expect(ok.body).toContain("# TYPE lxc_container_cpu_seconds_total counter");
    expect(ok.body).toMatch(new RegExp(`^lxc_container_network_receive_bytes_total\\{container="${name}",interface="eth0"\\} \\d+$`, "m"));

    // Refused: none, a wrong one, a malformed header; each 401 with an audit row saying why.
    const since = lastAuditId();
    for (const [t, reason] of [[undefined, "no-token"], [`lxcm_${"x".repeat(43)}`, "unknown-token"]] as const) {
      const r = await scrape(t);
      expect(r.status).toBe(401);
      expect(r.headers["www-authenticate"]).toContain("Bearer");
      expect(r.body).not.toContain("lxc_container");
      expect(auditRowsAfter(since)).toContainEqual(expect.objectContaining({ action: "scrape metrics", outcome: "refused", detail: expect.stringMatching(new RegExp(`^${reason}`)) }));
    }
    expect((await rawRequest(`${baseURL}/metrics`, { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } })).status).toBe(401);

    // Revoked on the page: refused from then on.
    await page.getByRole("button", { name: "Revoke e2e scraper" }).click();
    await expect(page.getByRole("row").filter({ hasText: "e2e scraper" })).toContainText("revoked");
    const revoked = await scrape(token);
    expect(revoked.status).toBe(401);
    expect(auditRowsAfter(since)).toContainEqual(expect.objectContaining({ action: "scrape metrics", detail: expect.stringMatching(/^revoked-token.*e2e scraper/) }));
    expect(auditRowsAfter(since)).toContainEqual(expect.objectContaining({ action: "revoke metrics token", outcome: "ok", detail: "e2e scraper" }));

    // A range outside what is kept, or a malformed one: 400 with the reason.
    const bad = await page.request.get(`/api/metrics/containers/${name}?from=${Math.floor(Date.now() / 1000) - 2 * 3600}&step=5`);
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(/a 5 s step reaches back only 1 h/);
    expect((await page.request.get(`/api/metrics/containers/${name}?range=2y`)).status()).toBe(400);
    expect((await page.request.get("/api/metrics/containers/no-such-container-here?range=1h")).status()).toBe(404);

    // Each interface has its own series (kept in the rollups too): the network fields alone.
    const eth0 = await page.request.get(`/api/metrics/containers/${name}?range=1h&interface=eth0`);
    expect(eth0.status()).toBe(200);
    const eth0Body = await eth0.json();
    expect(eth0Body).toMatchObject({ container: name, interface: "eth0", interfaces: ["eth0"] });
    expect(Object.keys(eth0Body.values).sort()).toEqual(["netRx", "netRxPackets", "netTx", "netTxPackets"]);
    expect((await page.request.get(`/api/metrics/containers/${name}?range=1h&interface=eth9`)).status()).toBe(404);
    expect((await page.request.get(`/api/metrics/containers/${name}?range=1h&interface=a%2Fb`)).status()).toBe(400);
    expect((await page.request.get("/api/metrics/host?range=1h&interface=eth0")).status()).toBe(400);
  } finally {
    removeContainer(name);
  }
});
