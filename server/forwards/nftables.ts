import { randomBytes } from "node:crypto";
import { rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatArgv } from "@/lib/create-command";
import { dataDir } from "../database-url";
import { runTool } from "../lxc/run-tool";

/** nft refused the ruleset (or is not there); nothing was changed, since nft applies a file all or nothing. */
export class NftFailed extends Error {
  override name = "NftFailed";
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`nft failed with exit code ${exitCode}: ${stderr.trim().split("\n").at(-1) ?? "no reason given"}`);
  }
}

/** Where the last ruleset is kept: the audit log names it, and a person can read or re-apply it. */
export function rulesetFile(): string {
  return path.join(dataDir(), "nftables-forwards.nft");
}

/**
 * Writes the ruleset to its file (whole, by rename) and applies it with
 * `nft -f FILE`. Resolves with the exact command; throws NftFailed, or
 * ToolMissing when nft is not installed.
 */
export async function applyRuleset(ruleset: string): Promise<string> {
  const file = rulesetFile();
  const temporary = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, ruleset, { mode: 0o600 });
  await rename(temporary, file).catch(async (err: unknown) => {
    await unlink(temporary).catch(() => undefined);
    throw err;
  });
  const argv = ["nft", "-f", file];
  const result = await runTool(argv);
  if (result.exitCode !== 0) throw new NftFailed(formatArgv(argv), result.exitCode, result.stderr);
  return formatArgv(argv);
}

/** `nft list table ip NAME` as nft prints it; null when there is no such table. */
export async function listTable(table: string): Promise<string | null> {
  const result = await runTool(["nft", "list", "table", "ip", table]);
  return result.exitCode === 0 ? result.stdout : null;
}
