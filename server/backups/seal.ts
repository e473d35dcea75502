import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "../database-url";
import type { Sidecar } from "./manifest";

/**
 * The key that seals backup sidecars: an archive whose sidecar carries a
 * valid seal was made (or checked member by member on upload) by this
 * dashboard, so a restore needs only its checksum checked. The backup
 * directory may be a share others can write; DATA_DIR is the dashboard's own.
 */
async function sealKey(): Promise<Buffer> {
  const file = path.join(dataDir(), "backup-seal.key");
  const known = await readFile(file).catch(() => null);
  if (known && known.length === 32) return known;
  const key = randomBytes(32);
  await writeFile(file, key, { mode: 0o600, flag: "wx" }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== "EEXIST") throw err;
  });
  return (await readFile(file)).subarray(0, 32);
}

function canonical(sidecar: Omit<Sidecar, "seal">): string {
  return JSON.stringify([sidecar.manifest, sidecar.sha256, sidecar.bytes, sidecar.contentBytes]);
}

export async function seal(sidecar: Omit<Sidecar, "seal">): Promise<Sidecar> {
  const mac = createHmac("sha256", await sealKey()).update(canonical(sidecar)).digest("hex");
  return { ...sidecar, seal: mac };
}

export async function sealHolds(sidecar: Sidecar): Promise<boolean> {
  const expected = Buffer.from(createHmac("sha256", await sealKey()).update(canonical(sidecar)).digest("hex"));
  const given = Buffer.from(sidecar.seal);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
