import { parseImageIndex, type CatalogueImage } from "@/lib/image-index";
import { DEFAULT_IMAGE_SERVER, type Catalogue } from "@/lib/image-types";
import { isLxcError } from "../lxc";
import { fetchText, ImageServerError } from "./wget";

/**
 * The image server's index (https://SERVER/meta/1.0/index-system, what
 * lxc-download reads), kept in memory for a while so pages and the create
 * check do not ask the server each time. A server that does not answer, or
 * answers garbage, gives a clear message and the index read earlier (if any);
 * the local cache is offered regardless, by the callers.
 */

export const INDEX_PATH = "/meta/1.0/index-system";
const TIMEOUT_MS = 5000;
/** The public index is about 100 KB; anything near this is not an index. */
const MAX_INDEX_BYTES = 8 * 1024 * 1024;
/** A good index is reused this long; a failure is retried sooner. */
const KEEP_MS = 15 * 60_000;
const RETRY_FAILURE_MS = 60_000;
/** A person's "read it again" is honoured once the last read is this old. */
const MIN_REREAD_MS = 10_000;
/** Servers remembered at once (each typed mirror is one). */
const MAX_SERVERS = 16;
/** Index reads running at once over all servers: one per server, and typed mirrors cannot pile up wget processes. */
const MAX_READS_AT_ONCE = 2;

interface Entry {
  catalogue: Catalogue;
  at: number;
  /** The last good images, kept through later failures. */
  lastGood: { images: CatalogueImage[]; readAt: string } | null;
}

const entries = new Map<string, Entry>();
const inFlight = new Map<string, Promise<Catalogue>>();

/** The index's URL on `server` (a host or host:port the caller validated with mirrorHostSchema). */
export function indexUrl(server: string): URL {
  return new URL(`https://${server}${INDEX_PATH}`);
}

/** A failed read of `server`, still offering the last good index (if any). */
function failedRead(server: string, previous: Entry | undefined, message: string): Catalogue {
  const lastGood = previous?.lastGood ?? null;
  return { ok: false, server, message, images: lastGood?.images ?? [], readAt: lastGood?.readAt ?? null };
}

async function readIndex(server: string, previous: Entry | undefined): Promise<Catalogue> {
  const failed = (message: string) => failedRead(server, previous, message);
  let text: string;
  try {
    text = await fetchText(indexUrl(server), { timeoutMs: TIMEOUT_MS, maxBytes: MAX_INDEX_BYTES });
  } catch (err) {
    if (err instanceof ImageServerError || isLxcError(err)) return failed(`${err.message.replace(/\.$/, "")}.`);
    throw err;
  }
  const { images, malformed } = parseImageIndex(text);
  if (images.length === 0) {
    return failed(
      `${server} answered with ${text.trim() === "" ? "an empty file" : "something that is not an image index"} at ${INDEX_PATH}.`,
    );
  }
  return { ok: true, server, images, malformed, readAt: new Date().toISOString() };
}

function remember(server: string, catalogue: Catalogue, previous: Entry | undefined): void {
  const lastGood = catalogue.ok ? { images: catalogue.images, readAt: catalogue.readAt } : (previous?.lastGood ?? null);
  entries.delete(server);
  entries.set(server, { catalogue, at: Date.now(), lastGood });
  // Map order is insertion order: the first key is the least recently read server.
  while (entries.size > MAX_SERVERS) entries.delete(entries.keys().next().value as string);
}

/**
 * The index of `server` (default: images.linuxcontainers.org), from memory
 * when it is recent, else read now (at most 5 s). Concurrent callers share
 * one read. `reread` asks for a fresh read unless the last one is seconds old.
 * While MAX_READS_AT_ONCE other servers are being read, a new server is not
 * read: the answer says so (with its last good index, if any) and is not kept.
 */
export async function getCatalogue(server: string = DEFAULT_IMAGE_SERVER, { reread = false } = {}): Promise<Catalogue> {
  const previous = entries.get(server);
  if (previous) {
    const age = Date.now() - previous.at;
    const keep = previous.catalogue.ok ? KEEP_MS : RETRY_FAILURE_MS;
    if (age < (reread ? MIN_REREAD_MS : keep)) return previous.catalogue;
  }
  const running = inFlight.get(server);
  if (running) return running;
  if (inFlight.size >= MAX_READS_AT_ONCE) {
    return failedRead(server, previous, "Other image servers are being read right now; try again in a few seconds.");
  }
  const read = readIndex(server, previous)
    .then((catalogue) => {
      remember(server, catalogue, previous);
      return catalogue;
    })
    .finally(() => inFlight.delete(server));
  inFlight.set(server, read);
  return read;
}

/** For tests: forget every index read so far. */
export function forgetCatalogues(): void {
  entries.clear();
}
