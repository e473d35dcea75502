import { access } from "node:fs/promises";
import { outcome, type Check } from "./check-context";
import { rootCommand } from "./fix-commands";
import { toolVersion } from "./tool-version";

const MIN_MAJOR = 4;
// A regular user's containers need the setuid helpers that write its uid and gid maps.
const ID_MAP_HELPERS = ["/usr/bin/newuidmap", "/usr/bin/newgidmap"];

/** The LXC version `lxc-ls --version` prints; null when the tools are missing or say nothing. */
export function lxcVersion(): Promise<string | null> {
  return toolVersion(["lxc-ls", "--version"]);
}

async function missingFiles(files: readonly string[]): Promise<string[]> {
  const present = await Promise.all(files.map((f) => access(f).then(() => true, () => false)));
  return files.filter((_, i) => !present[i]);
}

/** `lxc-ls --version` (LXC 4 or newer), and for a regular user newuidmap/newgidmap (package uidmap). */
export const checkLxcTools: Check = async (ctx) => {
  const version = await lxcVersion();
  const helpersMissing = ctx.user.uid === 0 ? [] : await missingFiles(ID_MAP_HELPERS);
  const packages = [...(version === null ? ["lxc"] : []), ...(helpersMissing.length > 0 ? ["uidmap"] : [])];
  const helpers = ctx.user.uid === 0 ? "" : helpersMissing.length > 0 ? `; ${helpersMissing.join(" and ")} missing` : "; newuidmap and newgidmap present";

  if (packages.length > 0) {
    const argv = ["apt-get", "install", "-y", ...packages];
    return outcome(
      ctx,
      "lxc-tools",
      {
        state: "missing",
        found: `${version === null ? "lxc-ls not found" : `LXC ${version}`}${helpers}`,
        fix: rootCommand(ctx, argv.join(" ")),
        essential: true,
      },
      // No terminal: debconf falls back to its non-interactive answers by itself.
      { runsAs: "root", kind: "commands", steps: [{ argv }] },
    );
  }
  const major = Number(/^(\d+)\./.exec(version ?? "")?.[1] ?? NaN);
  if (!(major >= MIN_MAJOR)) {
    return outcome(ctx, "lxc-tools", {
      state: "wrong",
      found: `LXC ${version}${helpers}: the dashboard needs LXC ${MIN_MAJOR} or newer (Debian 11, Ubuntu 20.04 and later have it)`,
      essential: true,
    });
  }
  return outcome(ctx, "lxc-tools", { state: "ok", found: `LXC ${version}${helpers}`, essential: true });
};
