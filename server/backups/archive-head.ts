import { Readable, Writable } from "node:stream";
import { Header } from "tar";
import { CommandFailed, runToolPiped } from "../lxc";
import { ZSTD } from "./tar-argv";
import type { Manifest } from "./manifest";

const BLOCK = 512;

function member(path: string, content: Buffer, mode: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  new Header({ path, mode, uid: 0, gid: 0, uname: "root", gname: "root", size: content.length, mtime, type: "File" }).encode(header, 0);
  const padding = Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK);
  return Buffer.concat([header, content, padding]);
}

/**
 * The archive's first zstd frame: tar members manifest.json and config, with
 * no end-of-archive blocks, so that with the rootfs frame that GNU tar writes
 * after it the whole file is one tar archive (`tar -I zstd -xf` reads it
 * whole). The config comes from the dashboard, not from inside the user
 * namespace, where it is not readable.
 */
export async function archiveHead(manifest: Manifest, configText: string): Promise<Buffer> {
  const now = new Date(manifest.createdAt);
  const tarBytes = Buffer.concat([
    member("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 0o644, now),
    member("config", Buffer.from(configText), 0o640, now),
  ]);
  const chunks: Buffer[] = [];
  const argv = [...ZSTD, "-q", "-c"];
  const result = await runToolPiped(argv, {
    stdin: Readable.from([tarBytes]),
    stdout: new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    }),
  });
  if (result.exitCode !== 0) throw new CommandFailed(argv, result.exitCode, result.stderr);
  return Buffer.concat(chunks);
}
