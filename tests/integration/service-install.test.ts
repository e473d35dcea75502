// Issue 12: the dashboard as a service. The systemd unit passes
// `systemd-analyze verify` (the systemd package installs without running as
// PID 1); on this machine, which has no systemd, the init-script path is
// installed, started with /etc/init.d/NAME start, answers on its port (3225,
// this issue's), is started again by its supervisor after a SIGKILL, and
// scripts/uninstall-service.sh leaves nothing of it. A service name of the
// test's own, so a real installation is never touched.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const REPO = path.join(import.meta.dirname, "../..");
const NAME = `lxcd-svc-${randomBytes(3).toString("hex")}`;
const PORT = 3225;
const dataDir = mkdtempSync(path.join(tmpdir(), "lxcd-svc-data-"));
const lxcpath = mkdtempSync(path.join(tmpdir(), "lxcd-svc-lxc-"));
const env = {
  ...process.env,
  SERVICE_NAME: NAME,
  PORT: String(PORT),
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  LXC_LXCPATH: lxcpath,
  AUTOSTART: "off",
  NFT_TABLE: `lxcd_${NAME.replaceAll("-", "_")}`,
  METRICS_INTERVAL_SECONDS: "0",
};
const script = (file: string, ...args: string[]) => spawnSync(path.join(REPO, "scripts", file), args, { env, encoding: "utf8", timeout: 120_000 });

/** The HTTP status the dashboard answers / with, or null when nothing answers. */
function answer(): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port: PORT, path: "/", timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on("error", () => resolve(null));
    req.on("timeout", () => req.destroy());
  });
}

const childPid = () => Number(readFileSync(`/run/${NAME}/child.pid`, "utf8").trim());
/** The PID of the node process listening on PORT: the dashboard itself. */
const listener = () => Number(/pid=(\d+)/.exec(execFileSync("ss", ["-Hltnp", `sport = :${PORT}`], { encoding: "utf8" }))?.[1] ?? NaN);

afterAll(() => {
  script("uninstall-service.sh");
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(lxcpath, { recursive: true, force: true });
}, 120_000);

describe("the systemd unit", () => {
  it("passes systemd-analyze verify, for root and for a regular user (with its cgroups delegated)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lxcd-unit-"));
    try {
      for (const user of ["root", "daemon"]) {
        const printed = script("install-service.sh", "--print-systemd-unit", user);
        expect(printed.status, printed.stderr).toBe(0);
        expect(printed.stdout).toContain(`User=${user}`);
        expect(printed.stdout).toMatch(/^After=.*lxc-net\.service/m);
        expect(printed.stdout).toContain("Restart=on-failure");
        expect(printed.stdout.includes("Delegate=yes")).toBe(user !== "root");
        const unit = path.join(dir, `${NAME}.service`);
        writeFileSync(unit, printed.stdout);
        const verify = spawnSync("systemd-analyze", ["verify", unit], { encoding: "utf8" });
        expect(verify.status, verify.stderr).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("without systemd: the init script and its supervisor", () => {
  it("installs, starts with /etc/init.d/NAME start and answers", async () => {
    expect(existsSync("/run/systemd/system")).toBe(false);
    const installed = script("install-service.sh");
    expect(installed.status, installed.stderr + installed.stdout).toBe(0);
    expect(installed.stdout).toContain("no systemd here");
    expect(readFileSync(`/etc/default/${NAME}`, "utf8")).toContain(`PORT=${PORT}`);
    // install-service.sh started it; the init script's own start finds it running.
    const start = spawnSync(`/etc/init.d/${NAME}`, ["start"], { encoding: "utf8" });
    expect(start.status).toBe(0);
    await vi.waitFor(async () => expect(await answer()).not.toBeNull(), { timeout: 90_000, interval: 500 });
    expect(spawnSync(`/etc/init.d/${NAME}`, ["status"]).status).toBe(0);
  }, 120_000);

  it("is started again after a SIGKILL", async () => {
    const killed = listener();
    expect(killed).toBeGreaterThan(0);
    process.kill(killed, "SIGKILL");
    await vi.waitFor(async () => {
      expect(await answer()).not.toBeNull();
      expect(listener()).not.toBe(killed);
    }, { timeout: 90_000, interval: 500 });
    expect(childPid()).toBeGreaterThan(0);
    expect(readFileSync(`/var/log/${NAME}.log`, "utf8")).toMatch(/exited with status \d+; starting it again/);
  }, 120_000);

  it("stops, and uninstalls leaving nothing", async () => {
    const pids = [childPid(), Number(readFileSync(`/run/${NAME}/supervisor.pid`, "utf8"))];
    const removed = script("uninstall-service.sh");
    expect(removed.status, removed.stderr).toBe(0);
    expect(await answer()).toBeNull();
    for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
    const left = [
      `/etc/init.d/${NAME}`,
      `/etc/default/${NAME}`,
      `/var/log/${NAME}.log`,
      `/run/${NAME}`,
      `/etc/systemd/system/${NAME}.service`,
      ...["0", "1", "2", "3", "4", "5", "6", "S"].flatMap((l) => readdirSync(`/etc/rc${l}.d`).filter((f) => f.endsWith(NAME)).map((f) => `/etc/rc${l}.d/${f}`)),
    ].filter((f) => existsSync(f));
    expect(left).toEqual([]);
  }, 120_000);
});
