import { Writable, type Readable } from "node:stream";
import { Parser, type ReadEntry } from "tar";
import { ArchiveRefused, CommandFailed, runToolPiped } from "../lxc";
import { ArchiveRules } from "./archive-rules";
import { manifestSchema, type Manifest } from "./manifest";
import { ZSTD } from "./tar-argv";

export interface ScannedArchive {
  manifest: Manifest;
  configText: string;
  /** Bytes the members take unpacked. */
  contentBytes: number;
  members: number;
}

const HEAD_LIMIT = 1024 * 1024;

/**
 * Reads a compressed archive member by member (zstd -d, then the npm tar
 * parser on the bytes; nothing is written anywhere) and refuses it at the
 * first member the rules refuse, or when its manifest or config is missing
 * or malformed.
 */
export async function scanArchive(compressed: Readable, signal?: AbortSignal, options: { headOnly?: boolean } = {}): Promise<ScannedArchive> {
  let manifest: Manifest | null = null;
  let configText: string | null = null;
  let rules: ArchiveRules | null = null;
  let refusal: string | null = null;
  /** headOnly: manifest and config read; the rest (cut short on purpose) is not judged. */
  let headDone = false;
  const stop = new AbortController();
  signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const refuse = (reason: string) => {
    if (headDone) return;
    refusal ??= reason;
    stop.abort();
  };

  const readHead = (entry: ReadEntry, keep: (text: string) => void) => {
    if (entry.size > HEAD_LIMIT) return refuse(`${entry.path} is larger than ${HEAD_LIMIT} bytes`);
    const chunks: Buffer[] = [];
    entry.on("data", (c: Buffer) => chunks.push(c));
    entry.on("end", () => keep(Buffer.concat(chunks).toString("utf8")));
  };

  const parser = new Parser({
    strict: true,
    onwarn: (_code, message) => refuse(`it is not a readable tar archive (${message})`),
    onReadEntry: (entry) => {
      if (refusal) return entry.resume();
      if (rules === null) {
        // manifest.json comes first; the rules need it (privileged or not) before the rest.
        if (entry.path !== "manifest.json") return refuse(`the archive does not start with manifest.json (found ${JSON.stringify(entry.path)})`);
        return readHead(entry, (text) => {
          try {
            manifest = manifestSchema.parse(JSON.parse(text));
          } catch {
            return refuse("its manifest.json is not one this dashboard writes");
          }
          const privileged = manifest.idmap.length === 0;
          const idLimit = privileged ? null : Math.max(...manifest.idmap.map((e) => e.containerId + e.count));
          rules = new ArchiveRules({ privileged, idLimit });
          rules.check({ path: "manifest.json", type: "File", size: entry.size });
        });
      }
      const problem = rules.check({ path: entry.path, type: entry.type, linkpath: entry.linkpath, size: entry.size, uid: entry.uid, gid: entry.gid });
      if (problem) {
        refuse(problem);
        return entry.resume();
      }
      if (entry.path === "config" && configText === null) {
        return readHead(entry, (text) => {
          configText = text;
          // Only the head was wanted (a sealed archive's config): stop reading there.
          if (options.headOnly && manifest) {
            headDone = true;
            stop.abort();
          }
        });
      }
      entry.resume();
    },
  });

  // Strict parsing throws what it cannot read (a file that is no tar at all): that is a refusal too.
  parser.on("error", (err: Error) => refuse(`it is not a readable tar archive (${err.message})`));
  const parsed = new Promise<void>((resolve) => {
    parser.on("end", () => resolve());
    parser.on("error", () => resolve());
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (refusal) return done();
      if (parser.write(chunk)) done();
      else parser.once("drain", () => done());
    },
    final(done) {
      try {
        parser.end();
      } catch (err) {
        refuse(`it is not a readable tar archive (${(err as Error).message})`);
      }
      done();
    },
  });

  const argv = [...ZSTD, "-d", "-q", "-c"];
  const result = await runToolPiped(argv, { stdin: compressed, stdout: sink, signal: stop.signal }).catch((err: unknown) => {
    if (refusal || stop.signal.aborted) return null;
    throw err;
  });
  if (result && result.exitCode !== 0 && /not in zstd format|unsupported format|unknown header|Unknown frame descriptor/i.test(result.stderr)) {
    throw new ArchiveRefused("it is not a zstd-compressed archive");
  }
  if (refusal) throw new ArchiveRefused(refusal);
  if (options.headOnly && manifest && configText !== null && rules) {
    return { manifest, configText, contentBytes: 0, members: 0 };
  }
  if (signal?.aborted) throw new ArchiveRefused("the check was cancelled");
  if (result && result.exitCode !== 0) throw new CommandFailed(argv, result.exitCode, result.stderr);
  await parsed;
  if (!manifest || configText === null || !rules) throw new ArchiveRefused("it has no manifest.json and config");
  const finalRules = rules as ArchiveRules;
  if (!finalRules.headSeen) throw new ArchiveRefused("it has no config");
  return { manifest, configText, contentBytes: finalRules.contentBytes, members: finalRules.members };
}
