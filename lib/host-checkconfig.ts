/** `lxc-checkconfig`'s report: "Feature: enabled|missing|required..." lines under section headings. */

/** The features without which no container (or no unprivileged, networked one) can run. */
export const ESSENTIAL_FEATURES = [
  "Namespaces",
  "Utsname namespace",
  "Ipc namespace",
  "Pid namespace",
  "User namespace",
  "Network namespace",
  "Cgroups",
  "Veth pair device",
  "Bridges",
] as const;

// Colour codes (lxc-checkconfig colours its verdicts when it thinks it writes to a terminal).
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Feature → its verdict ("enabled", "missing", "required"...); headings, lists and notes skipped. */
export function parseCheckconfig(output: string): Map<string, string> {
  const features = new Map<string, string>();
  for (const line of stripAnsi(output).split("\n")) {
    const m = /^([A-Za-z][\w ./()-]*?):\s*(\S.*)$/.exec(line.trim());
    if (!m || line.startsWith(" ")) continue;
    features.set(m[1]!, m[2]!.trim());
  }
  return features;
}

export interface EssentialVerdict {
  /** Essentials reported as anything but enabled ("User namespace: missing"). */
  missing: string[];
  /** Essentials the report does not mention at all. */
  unreported: string[];
}

export function essentialVerdict(features: ReadonlyMap<string, string>): EssentialVerdict {
  const missing: string[] = [];
  const unreported: string[] = [];
  for (const name of ESSENTIAL_FEATURES) {
    const verdict = features.get(name);
    if (verdict === undefined) unreported.push(name);
    else if (!verdict.startsWith("enabled")) missing.push(`${name}: ${verdict}`);
  }
  return { missing, unreported };
}
