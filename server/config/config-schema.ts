import { accessSync, constants } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/** A bad setting; the message is one line that names it and what it accepts. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface DashboardConfig {
  /** TCP port to listen on. */
  port: number;
  /** Address to bind (0.0.0.0 = every IPv4 interface). */
  host: string;
  dataDir: string;
  /** lxc-* --lxcpath; null means LXC's own default. */
  lxcPath: string | null;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Host names allowed in the Host header besides the machine's own. */
  allowedHosts: string[];
  /** Certificate and key files when serving https; null for plain http. */
  tls: { certFile: string; keyFile: string } | null;
  loginWindowSeconds: number;
  loginMaxFailures: number;
  terminalIdleMinutes: number;
  /** Seconds between two samples of every running container's counters; 0 turns sampling off. */
  metricsIntervalSeconds: number;
  /** Where backups are written and looked for (default DATA_DIR/backups); any mounted path. */
  backupDir: string;
  /** The nftables table (family ip) that holds this dashboard's port forwards, and nothing else. */
  nftTable: string;
  /** "auto": start the containers marked autostart when the dashboard starts, unless the host does it itself; "off": never. */
  autostart: "auto" | "off";
}

const hostNamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function integer(min: number, max: number) {
  return {
    accepted: `an integer from ${min} to ${max}`,
    schema: z
      .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)])
      .pipe(z.number().int().min(min).max(max)),
  };
}

const text = z.string().trim().min(1);

/**
 * Every setting, by the name it has in the environment and in
 * DATA_DIR/config.json. Values from the environment are strings; config.json
 * may also use numbers and, for ALLOWED_HOSTS, an array.
 */
const settings = {
  PORT: integer(1, 65535),
  HOST: {
    accepted: "an IP address or a host name to bind",
    schema: text.refine((v) => isIP(v) !== 0 || hostNamePattern.test(v.toLowerCase())),
  },
  LXC_LXCPATH: { accepted: "an absolute directory path", schema: text.refine((v) => path.isAbsolute(v)) },
  SESSION_IDLE_MINUTES: integer(1, 60 * 24 * 365),
  SESSION_MAX_HOURS: integer(1, 24 * 365),
  ALLOWED_HOSTS: {
    accepted: "a comma-separated list of host names without ports",
    schema: z
      .union([z.string().transform((v) => v.split(",")), z.array(z.string())])
      .transform((names) => names.map((n) => n.trim().toLowerCase()).filter((n) => n !== ""))
      .refine((names) => names.every((n) => hostNamePattern.test(n))),
  },
  TLS_CERT: { accepted: "the path of a readable PEM certificate file", schema: text },
  TLS_KEY: { accepted: "the path of a readable PEM private key file", schema: text },
  LOGIN_WINDOW_SECONDS: integer(1, 24 * 3600),
  LOGIN_MAX_FAILURES: integer(1, 1000),
  TERMINAL_IDLE_MINUTES: integer(1, 60 * 24 * 30),
  METRICS_INTERVAL_SECONDS: integer(0, 60),
  BACKUP_DIR: { accepted: "an absolute directory path", schema: text.refine((v) => path.isAbsolute(v)) },
  NFT_TABLE: {
    accepted: "an nftables table name of letters, digits and _ (up to 32), other than lxc",
    schema: text.refine((v) => /^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(v) && v !== "lxc"),
  },
  AUTOSTART: { accepted: '"auto" or "off"', schema: z.enum(["auto", "off"]) },
} satisfies Record<string, { accepted: string; schema: z.ZodType }>;

type SettingName = keyof typeof settings;
const settingNames = Object.keys(settings) as SettingName[];

export type SettingSources = {
  env: Record<string, string | undefined>;
  /** Parsed DATA_DIR/config.json, or null when there is none. */
  file: Record<string, unknown> | null;
  dataDir: string;
};

/**
 * Validates the settings (the environment wins over config.json) and returns
 * the config, or throws ConfigError for the first bad one.
 */
export function parseConfig({ env, file, dataDir }: SettingSources): DashboardConfig {
  const unknown = Object.keys(file ?? {}).filter((k) => !(settingNames as string[]).includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `config.json: unknown setting ${JSON.stringify(unknown[0])}; the settings are ${settingNames.join(", ")}`,
    );
  }

  function read<N extends SettingName>(name: N): z.output<(typeof settings)[N]["schema"]> | undefined {
    const fromEnv = env[name];
    const [raw, where] = fromEnv !== undefined && fromEnv !== "" ? [fromEnv, "environment"] : [file?.[name], "config.json"];
    if (raw === undefined || raw === null) return undefined;
    const r = settings[name].schema.safeParse(raw);
    if (!r.success) {
      throw new ConfigError(`${name} (${where}): expected ${settings[name].accepted}, got ${JSON.stringify(raw)}`);
    }
    return r.data as z.output<(typeof settings)[N]["schema"]>;
  }

  const certFile = read("TLS_CERT");
  const keyFile = read("TLS_KEY");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError("TLS_CERT and TLS_KEY: set both (to serve https) or neither (plain http)");
  }
  if (certFile !== undefined && keyFile !== undefined) {
    requireReadable("TLS_CERT", certFile);
    requireReadable("TLS_KEY", keyFile);
  }

  return {
    port: read("PORT") ?? 3000,
    host: read("HOST") ?? "0.0.0.0",
    dataDir,
    lxcPath: read("LXC_LXCPATH") ?? null,
    sessionIdleMinutes: read("SESSION_IDLE_MINUTES") ?? 8 * 60,
    sessionMaxHours: read("SESSION_MAX_HOURS") ?? 7 * 24,
    allowedHosts: read("ALLOWED_HOSTS") ?? [],
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : null,
    loginWindowSeconds: read("LOGIN_WINDOW_SECONDS") ?? 60,
    loginMaxFailures: read("LOGIN_MAX_FAILURES") ?? 10,
    terminalIdleMinutes: read("TERMINAL_IDLE_MINUTES") ?? 30,
    metricsIntervalSeconds: read("METRICS_INTERVAL_SECONDS") ?? 5,
    backupDir: read("BACKUP_DIR") ?? path.join(dataDir, "backups"),
    nftTable: read("NFT_TABLE") ?? "lxc_dashboard",
    autostart: read("AUTOSTART") ?? "auto",
  };
}

function requireReadable(name: SettingName, file: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError(`${name}: cannot read ${JSON.stringify(file)} (${code}); expected ${settings[name].accepted}`);
  }
}
