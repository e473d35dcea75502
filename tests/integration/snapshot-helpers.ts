import { execFileSync } from "node:child_process";
import { writeTestContainerConf } from "../helpers/test-container-conf";
import { eventually, removeContainer, run, uniqueName } from "./lxc-helpers";

/** Test containers for the snapshot, clone and backup tests: unprivileged busybox, made by the tools themselves, removed in afterAll. */
export function useTestContainers(area: string) {
  const made: string[] = [];
  const conf = writeTestContainerConf(`t-${area}-conf-`);
  return {
    made,
    /** A new name, to be removed at the end (for what the test makes through the dashboard). */
    name(): string {
      const n = uniqueName(area);
      made.push(n);
      return n;
    },
    /** Creates an unprivileged busybox container (and starts it when asked). */
    create(start = false): string {
      const n = this.name();
      run("lxc-create", "-n", n, "-t", "busybox", "-f", conf.path);
      if (start) run("lxc-start", "-n", n, "-d");
      return n;
    },
    cleanup(): void {
      made.forEach(removeContainer);
      conf.remove();
    },
  };
}

export function stateOf(name: string): string {
  return execFileSync("lxc-info", ["-n", name, "-sH"], { encoding: "utf8" }).trim();
}

/** Runs a shell command inside a running container and returns its output. */
export function inside(name: string, script: string): string {
  return execFileSync("lxc-attach", ["-n", name, "--clear-env", "--", "sh", "-c", script], { encoding: "utf8" });
}

/** The container's first IPv4 address once DHCP gave it one. */
export function addressOf(name: string): Promise<string> {
  return eventually(
    async () => {
      const out = execFileSync("lxc-info", ["-n", name, "-iH"], { encoding: "utf8" }).trim();
      return out.split("\n").find((a) => /^10\./.test(a)) || undefined;
    },
    30_000,
    `an address for ${name}`,
  );
}
