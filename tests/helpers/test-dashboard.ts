import path from "node:path";
import { readSetupToken } from "../../e2e/auth-steps";
import { buildActions, callAction, type ActionKey } from "../../e2e/server-actions";
import { rawRequest, type RawResponse } from "../../e2e/raw-http";
import { freePort, startServerProcess, type ServerProcess } from "../../e2e/server-process";
import { stageBuiltApp, type StagedApp } from "./staged-app";

/**
 * The production dashboard (scripts/start.sh, after a build) run by a test as
 * a separate process, root or a regular user (from a copy of the build the
 * user can read: tests/helpers/staged-app.ts), on a data directory the test
 * chose (so a restart keeps its database), with the first admin made through
 * its own setup action. `action()` calls a server action the way the browser
 * does, signed in as that admin; `get()` a JSON route, `page()` any route's
 * answer as text.
 */
export interface TestDashboard {
  baseURL: string;
  /** The server's pid (scripts/start.sh execs node). */
  readonly pid: number;
  output(): string;
  action(key: ActionKey, args: unknown[], page?: string): Promise<Record<string, unknown> | undefined>;
  get<T>(route: string): Promise<T>;
  /** A page (or any route) as the admin's browser gets it: status, headers and body as text. */
  page(route: string, headers?: Record<string, string>): Promise<RawResponse>;
  /** Stops the server (its data stays), runs `whileStopped`, and starts it again on the same port and data. */
  restart(whileStopped?: () => void | Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface TestDashboardOptions {
  dataDir: string;
  /** Settings for the server (LXC_LXCPATH, NFT_TABLE, AUTOSTART...). */
  env: Record<string, string>;
  /** Run as this regular user (runuser, a clean environment) instead of root. */
  user?: { name: string; home: string };
}

const REPO = path.join(import.meta.dirname, "../..");
const ADMIN = { name: "lanadmin", password: "lan-admin-passphrase" };
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function launch(port: number, { dataDir, env, user }: TestDashboardOptions, app: StagedApp | null): Promise<ServerProcess> {
  const settings = { ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };
  if (!user || !app) return startServerProcess("the test dashboard", port, "scripts/start.sh", [], { cwd: REPO, env: { ...process.env, ...settings } });
  const vars = Object.entries({ PATH, HOME: user.home, USER: user.name, LOGNAME: user.name, ...settings }).map(([k, v]) => `${k}=${v}`);
  return startServerProcess("the test dashboard", port, "runuser", ["-u", user.name, "--", "env", "-i", ...vars, "scripts/start.sh"], { cwd: app.dir });
}

function sessionCookie(setCookie: string[] | undefined): string {
  const cookie = (setCookie ?? []).map((c) => c.split(";")[0]!).find((c) => c.includes("="));
  if (!cookie) throw new Error("the setup action set no session cookie");
  return cookie;
}

export async function startTestDashboard(options: TestDashboardOptions): Promise<TestDashboard> {
  const port = await freePort();
  // A regular user may not be able to enter this checkout (a clone under /root): it runs a readable copy.
  const app = options.user ? stageBuiltApp() : null;
  let server: ServerProcess;
  try {
    server = await launch(port, options, app);
  } catch (err) {
    app?.remove();
    throw err;
  }
  const actions = buildActions();
  const idOf = (key: ActionKey) => {
    const id = actions.get(key);
    if (!id) throw new Error(`no server action ${key} in the build (run scripts/setup-app.sh)`);
    return id;
  };
  const setup = await callAction(server.baseURL, {
    page: "/setup",
    id: idOf("app/setup/actions.ts#createFirstAdmin"),
    args: [{ token: readSetupToken(options.dataDir), name: ADMIN.name, password: ADMIN.password, confirm: ADMIN.password }],
  });
  if (setup.result?.ok !== true) throw new Error(`the first admin was not made: ${setup.body.slice(0, 500)}`);
  const cookie = sessionCookie(setup.headers["set-cookie"]);

  return {
    get baseURL() {
      return server.baseURL;
    },
    get pid() {
      return server.pid;
    },
    output: () => server.output(),
    action: async (key, args, page = "/") => (await callAction(server.baseURL, { page, id: idOf(key), args, cookie })).result,
    async get<T>(route: string): Promise<T> {
      const res = await rawRequest(new URL(route, server.baseURL).href, { headers: { cookie, accept: "application/json" } });
      if (res.status !== 200) throw new Error(`GET ${route}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      return JSON.parse(res.body) as T;
    },
    page: (route, headers = {}) => rawRequest(new URL(route, server.baseURL).href, { headers: { cookie, ...headers } }),
    async restart(whileStopped) {
      await server.stop();
      await whileStopped?.();
      server = await launch(port, options, app);
    },
    async stop() {
      await server.stop();
      app?.remove();
    },
  };
}
