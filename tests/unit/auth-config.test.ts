import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/config/config-schema";

const dir = mkdtempSync(path.join(tmpdir(), "lxcd-config-"));
const cert = path.join(dir, "cert.pem");
const key = path.join(dir, "key.pem");
writeFileSync(cert, "-----BEGIN CERTIFICATE-----\n");
writeFileSync(key, "-----BEGIN PRIVATE KEY-----\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (env: Record<string, string> = {}, file: Record<string, unknown> | null = null) =>
  parseConfig({ env, file, dataDir: "/var/lib/lxcd" });

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("has defaults for everything", () => {
    expect(parse()).toEqual({
      port: 3000,
      host: "0.0.0.0",
      dataDir: "/var/lib/lxcd",
      lxcPath: null,
      sessionIdleMinutes: 480,
      sessionMaxHours: 168,
      allowedHosts: [],
      tls: null,
      loginWindowSeconds: 60,
      loginMaxFailures: 10,
      terminalIdleMinutes: 30,
      metricsIntervalSeconds: 5,
      backupDir: "/var/lib/lxcd/backups",
      nftTable: "lxc_dashboard",
      autostart: "auto",
    });
  });

  it("reads the environment", () => {
    const c = parse({
      PORT: "8443",
      HOST: "::",
      LXC_LXCPATH: "/srv/lxc",
      SESSION_IDLE_MINUTES: "15",
      SESSION_MAX_HOURS: "12",
      ALLOWED_HOSTS: " Dash.LAN , lxc.example.org,",
      TLS_CERT: cert,
      TLS_KEY: key,
      LOGIN_WINDOW_SECONDS: "2",
      LOGIN_MAX_FAILURES: "3",
      TERMINAL_IDLE_MINUTES: "5",
      METRICS_INTERVAL_SECONDS: "10",
      BACKUP_DIR: "/mnt/nas/lxc-backups",
      NFT_TABLE: "lxcd_test",
      AUTOSTART: "off",
    });
    expect(c).toMatchObject({
      port: 8443,
      host: "::",
      lxcPath: "/srv/lxc",
      sessionIdleMinutes: 15,
      sessionMaxHours: 12,
      allowedHosts: ["dash.lan", "lxc.example.org"],
      tls: { certFile: cert, keyFile: key },
      loginWindowSeconds: 2,
      loginMaxFailures: 3,
      terminalIdleMinutes: 5,
      metricsIntervalSeconds: 10,
      backupDir: "/mnt/nas/lxc-backups",
      nftTable: "lxcd_test",
      autostart: "off",
    });
  });

  it("reads config.json, and the environment wins over it", () => {
    const c = parse({ PORT: "4000" }, { PORT: 5000, SESSION_MAX_HOURS: 2, ALLOWED_HOSTS: ["a.lan", "B.lan"] });
    expect(c).toMatchObject({ port: 4000, sessionMaxHours: 2, allowedHosts: ["a.lan", "b.lan"] });
  });

  it.each([
    [{ PORT: "http" }, 'PORT (environment): expected an integer from 1 to 65535, got "http"'],
    [{ PORT: "70000" }, 'PORT (environment): expected an integer from 1 to 65535, got "70000"'],
    [{ PORT: "30.5" }, "PORT (environment): expected an integer from 1 to 65535"],
    [{ NFT_TABLE: "lxc" }, 'NFT_TABLE (environment): expected an nftables table name of letters, digits and _ (up to 32), other than lxc, got "lxc"'],
    [{ NFT_TABLE: "a b" }, "NFT_TABLE (environment): expected an nftables table name"],
    [{ AUTOSTART: "yes" }, 'AUTOSTART (environment): expected "auto" or "off", got "yes"'],
    [{ SESSION_IDLE_MINUTES: "0" }, "SESSION_IDLE_MINUTES (environment): expected an integer from 1 to"],
    [{ SESSION_MAX_HOURS: "-1" }, "SESSION_MAX_HOURS (environment): expected an integer from 1 to"],
    [{ HOST: "not a host!" }, "HOST (environment): expected an IP address or a host name to bind"],
    [{ LXC_LXCPATH: "relative/lxc" }, "LXC_LXCPATH (environment): expected an absolute directory path"],
    [{ ALLOWED_HOSTS: "dash.lan:3000" }, "ALLOWED_HOSTS (environment): expected a comma-separated list of host names without ports"],
    [{ ALLOWED_HOSTS: "http://dash.lan" }, "ALLOWED_HOSTS (environment): expected a comma-separated list"],
    [{ LOGIN_MAX_FAILURES: "many" }, "LOGIN_MAX_FAILURES (environment): expected an integer from 1 to 1000"],
    [{ TLS_CERT: "/x.pem" }, "TLS_CERT and TLS_KEY: set both (to serve https) or neither (plain http)"],
    [{ TLS_KEY: "/x.pem" }, "TLS_CERT and TLS_KEY: set both"],
  ])("names the bad variable and what it accepts: %j", (env, message) => {
    expect(messageOf(() => parse(env))).toContain(message);
  });

  it("says which file of a TLS pair cannot be read", () => {
    expect(messageOf(() => parse({ TLS_CERT: cert, TLS_KEY: path.join(dir, "missing.pem") }))).toBe(
      `TLS_KEY: cannot read ${JSON.stringify(path.join(dir, "missing.pem"))} (ENOENT); expected the path of a readable PEM private key file`,
    );
  });

  it("names a bad value in config.json as coming from there", () => {
    expect(messageOf(() => parse({}, { PORT: "abc" }))).toBe('PORT (config.json): expected an integer from 1 to 65535, got "abc"');
    expect(messageOf(() => parse({}, { PORT: true }))).toContain("PORT (config.json)");
  });

  it("refuses an unknown setting in config.json (a typo would otherwise be silently ignored)", () => {
    expect(messageOf(() => parse({}, { PROT: 3000 }))).toMatch(/^config\.json: unknown setting "PROT"; the settings are PORT, HOST, /);
  });

  it("keeps each message on one line", () => {
    expect(messageOf(() => parse({ PORT: "a\nb" }))).not.toContain("\n");
  });
});
