// The server's own scheduling priority (server/scheduling/server-priority.ts):
// the production server started as root away from any terminal (as a service,
// its supervisor or a harness starts it) runs its session's autogroup at nice
// -10 and says so in its log; started from a terminal (a pty of the test's
// own, as a person runs `npm start`) it leaves that session alone.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn as spawnPty } from "node-pty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../e2e/server-process";
import { startTestDashboard, type TestDashboard } from "../helpers/test-dashboard";
import { autogroupsAvailable, readAutogroupNice } from "@/server/scheduling/autogroup";
import { SERVER_NICE } from "@/server/scheduling/server-priority";
import { eventually } from "./lxc-helpers";

const REPO = path.join(import.meta.dirname, "../..");
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lxcd-prio-"));
  dirs.push(dir);
  return dir;
};
let dash: TestDashboard | null = null;
/** "/autogroup-N" of a process: which autogroup (session) it is in. */
const autogroupOf = (pid: number) => readFileSync(`/proc/${pid}/autogroup`, "utf8").split(" ")[0];

beforeAll(() => {
  if (!autogroupsAvailable()) throw new Error("this kernel has no autogroup scheduling (/proc/self/autogroup): Debian's and Ubuntu's kernels do");
});

afterAll(async () => {
  await dash?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the server's own priority", () => {
  it("is raised to autogroup nice -10 when root starts it away from a terminal, and said at start", async () => {
    const ours = readAutogroupNice(process.pid);
    dash = await startTestDashboard({ dataDir: tempDir(), env: { LXC_LXCPATH: tempDir() } });
    expect(readAutogroupNice(dash.pid)).toBe(SERVER_NICE);
    expect(dash.output()).toContain(`this server's session runs at autogroup nice ${SERVER_NICE}`);
    // Only the server's session (started detached: an autogroup of its own); this test process keeps its nice.
    expect(autogroupOf(dash.pid)).not.toBe(autogroupOf(process.pid));
    expect(readAutogroupNice(process.pid)).toBe(ours);
    await dash.stop();
    dash = null;
  });

  it("is left alone when started from a terminal", async () => {
    const port = await freePort();
    let output = "";
    const pty = spawnPty("scripts/start.sh", [], {
      cwd: REPO,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: tempDir(), LXC_LXCPATH: tempDir(), NODE_ENV: "production" },
    });
    pty.onData((d) => (output += d));
    try {
      await eventually(async () => (output.includes("LXC Dashboard: http://") ? true : undefined), 60_000, `the server to start: ${output}`);
      expect(readAutogroupNice(pty.pid)).toBe(0);
      expect(output).not.toContain("autogroup nice");
    } finally {
      pty.kill("SIGTERM");
    }
  });
});
