import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Removes the run's throwaway data directory (playwright.config.ts made it), leaving the host as found. */
export default function globalTeardown(): void {
  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir && path.dirname(dataDir) === tmpdir() && path.basename(dataDir).startsWith("lxcd-e2e-")) {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
