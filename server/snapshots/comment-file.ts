import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** lxc-snapshot takes a comment from a file (-c FILE): one in a private temporary directory, and its removal. */
export async function writeCommentFile(comment: string): Promise<{ path: string | null; remove: () => Promise<void> }> {
  if (comment === "") return { path: null, remove: async () => {} };
  const dir = await mkdtemp(path.join(tmpdir(), "lxcd-comment-"));
  const file = path.join(dir, "comment");
  await writeFile(file, `${comment}\n`, { mode: 0o600 });
  return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
}
