import { randomBytes } from "node:crypto";
import type { IdMapEntry } from "@/lib/container-types";

export interface ConfigRewrite {
  /** LXCPATH/NAME of the source, as the manifest says. */
  oldDir: string;
  /** LXCPATH/NEWNAME. */
  newDir: string;
  newName: string;
  /** The restored container's idmap; null keeps none (privileged). */
  idmap: IdMapEntry[] | null;
  /** A new MAC for each lxc.net.N.hwaddr (injectable for tests). */
  newMac?: () => string;
}

/** 00:16:3e:xx:xx:xx, the prefix lxc-copy uses for the addresses it makes up. */
export function randomMac(): string {
  const b = randomBytes(3);
  return `00:16:3e:${[...b].map((x) => x.toString(16).padStart(2, "0")).join(":")}`;
}

const KEY = /^\s*([A-Za-z0-9_.]+)\s*=/;

/**
 * The source's config made the new container's: rootfs and every other path
 * under the old LXCPATH/NAME pointed at the new one, lxc.uts.name the new
 * name, lxc.idmap the restoring host's ranges, new MAC addresses (so a
 * restored copy can run beside its source). Every other line stays.
 */
export function rewriteConfig(text: string, r: ConfigRewrite): string {
  const mac = r.newMac ?? randomMac;
  const out: string[] = [];
  let idmapWritten = false;
  const idmapLines = (r.idmap ?? []).map((e) => `lxc.idmap = ${e.kind} ${e.containerId} ${e.hostId} ${e.count}`);
  for (const line of text.replace(/\n$/, "").split("\n")) {
    const key = KEY.exec(line)?.[1];
    if (key === "lxc.idmap") {
      if (!idmapWritten) out.push(...idmapLines);
      idmapWritten = true;
    } else if (key === "lxc.rootfs.path") {
      out.push(`lxc.rootfs.path = dir:${r.newDir}/rootfs`);
    } else if (key === "lxc.uts.name") {
      out.push(`lxc.uts.name = ${r.newName}`);
    } else if (key && /^lxc\.net\.\d+\.hwaddr$/.test(key)) {
      out.push(`${key} = ${mac()}`);
    } else {
      out.push(line.split(`${r.oldDir}/`).join(`${r.newDir}/`).replace(new RegExp(`${escape(r.oldDir)}$`), r.newDir));
    }
  }
  if (!idmapWritten) out.push(...idmapLines);
  return `${out.join("\n")}\n`;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
