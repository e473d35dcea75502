import { existsSync, readFileSync, readdirSync } from "node:fs";

/**
 * What autostart at the dashboard's start needs to know, without starting
 * anything: LXC's own order (`lxc-autostart -L`), and whether the host's init
 * system already starts the containers marked autostart at boot.
 */

export interface AutostartEntry {
  name: string;
  /** lxc.start.delay: seconds to wait after starting it, before the next one. */
  delaySeconds: number;
}

/** `lxc-autostart -L` prints "NAME DELAY" per container, in lxc.start.order (lower first). */
export function parseAutostartList(stdout: string): AutostartEntry[] {
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] && fields[0].length > 0)
    .map(([name, delay]) => ({ name: name!, delaySeconds: Math.max(0, Number(delay) || 0) }));
}

/** The groups the boot scripts start (lxc-containers' BOOTGROUPS): "onboot" and containers in no group. */
export const BOOT_GROUPS = "onboot,";

export interface InitFacts {
  /** /proc/1/comm. */
  pid1: string;
  /** The systemd unit that starts the containers is enabled (a wants/ link to lxc.service). */
  systemdLxcEnabled: boolean;
  /** A sysvinit start link for /etc/init.d/lxc in a multi-user runlevel. */
  sysvLxcLinked: boolean;
}

/**
 * Who else starts the containers marked autostart at boot, in a sentence;
 * null when nothing does (and the dashboard should). Under systemd that is
 * lxc.service (lxc-autostart through lxc-containers); under sysvinit the
 * /etc/init.d/lxc script linked into the runlevel. Any other PID 1 (a
 * container, a sandbox, runit without the script) runs neither.
 */
export function hostAutostarter(facts: InitFacts): string | null {
  if (facts.pid1 === "systemd") return facts.systemdLxcEnabled ? "systemd's lxc.service (lxc-autostart) starts them at boot" : null;
  if (facts.pid1 === "init") return facts.sysvLxcLinked ? "sysvinit's /etc/init.d/lxc starts them at boot" : null;
  return null;
}

function has(path: string): boolean {
  return existsSync(path);
}

/** This host's facts for hostAutostarter. */
export function readInitFacts(): InitFacts {
  const pid1 = (() => {
    try {
      return readFileSync("/proc/1/comm", "utf8").trim();
    } catch {
      return "";
    }
  })();
  const wants = ["/etc/systemd/system/multi-user.target.wants/lxc.service", "/etc/systemd/system/default.target.wants/lxc.service"];
  const sysv = ["2", "3", "4", "5"].some((level) => {
    try {
      return readdirSync(`/etc/rc${level}.d`).some((f) => /^S\d\dlxc$/.test(f));
    } catch {
      return false;
    }
  });
  return { pid1, systemdLxcEnabled: wants.some(has), sysvLxcLinked: sysv };
}
