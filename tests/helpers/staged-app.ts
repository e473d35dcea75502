import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The built dashboard, placed where another user can read it, for the tests
 * that run it as a regular user. A checkout may sit where no one else can
 * enter (a clone under /root or in a `mktemp -d` folder, mode 0700); its
 * permissions are the owner's business and stay as they are. Instead, what
 * the production server needs at run time (dist/, .next/, node_modules/,
 * the migrations, the start script) is linked into a fresh folder under the
 * system's temp directory, open for reading, and removed afterwards.
 *
 * Hard links cost no space or time; where they cannot be made (another file
 * system) or would leave a file unreadable to others (a checkout made under
 * umask 077), the files are copied instead and the copy opened for reading.
 */
export interface StagedApp {
  dir: string;
  remove(): void;
}

export const REPO = path.resolve(import.meta.dirname, "../..");

/** What `scripts/start.sh` and the server it starts read at run time. */
const RUNTIME = ["package.json", "next.config.js", "scripts/start.sh", "dist", "prisma", "node_modules", ".next", "public"];

function put(entries: string[], into: string, mode: "link" | "copy"): void {
  for (const entry of entries) {
    const from = path.join(REPO, entry);
    if (!existsSync(from)) continue;
    const to = path.join(into, entry);
    execFileSync("mkdir", ["-p", path.dirname(to)]);
    // .next/cache holds build caches only: not needed to serve.
    if (mode === "link") execFileSync("cp", ["-al", from, to], { stdio: "pipe" });
    else cpSync(from, to, { recursive: true, filter: (src) => !src.startsWith(path.join(REPO, ".next/cache")) });
  }
}

/** Whether every file under `dir` can be read by any user (hard links keep their source's modes). */
function readableByAll(dir: string): boolean {
  const found = spawnSync("find", [dir, "-type", "f", "!", "-perm", "-o=r", "-print", "-quit"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() === "";
}

export function stageBuiltApp(): StagedApp {
  if (!existsSync(path.join(REPO, "dist/server.mjs")) || !existsSync(path.join(REPO, ".next/BUILD_ID"))) {
    throw new Error(`no production build in ${REPO}: run scripts/setup-app.sh first`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "lxcd-app-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    chmodSync(dir, 0o755);
    try {
      put(RUNTIME, dir, "link");
      if (!readableByAll(dir)) throw new Error("a linked file is not readable by others");
    } catch {
      for (const entry of RUNTIME) rmSync(path.join(dir, entry), { recursive: true, force: true });
      put(RUNTIME, dir, "copy");
      execFileSync("chmod", ["-R", "a+rX", dir]);
    }
    rmSync(path.join(dir, ".next/cache"), { recursive: true, force: true });
    return { dir, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

/**
 * A TypeScript helper script compiled, with everything of ours it imports,
 * into one JavaScript file in a fresh folder others can read, so another user
 * runs it with plain `node` (no tsx, nothing from the checkout). npm packages
 * are bundled too; node's own modules stay imports.
 */
export async function compileHelperForOthers(entry: string): Promise<StagedApp & { file: string }> {
  const { build } = await import("esbuild");
  const dir = mkdtempSync(path.join(tmpdir(), "lxcd-helper-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    chmodSync(dir, 0o755);
    const file = path.join(dir, `${path.basename(entry, ".ts")}.mjs`);
    await build({
      absWorkingDir: REPO,
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      logLevel: "warning",
    });
    chmodSync(file, 0o644);
    return { dir, file, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
