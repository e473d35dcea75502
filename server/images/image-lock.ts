import { imageLabel, type ImageKey } from "@/lib/image-index";

/**
 * One refresh or delete at a time per cached image: a delete racing a
 * refresh could otherwise remove the directory the refresh is swapping in.
 * A second request is refused (not queued): the person sees why and can retry.
 */

const busy = new Map<string, string>();

/** An image with an operation of ours running on it. */
export class ImageBusy extends Error {
  override name = "ImageBusy";
}

export async function withImageLock<T>(key: ImageKey, label: string, fn: () => Promise<T>): Promise<T> {
  const id = [key.dist, key.release, key.arch, key.variant].join("/");
  const running = busy.get(id);
  if (running) throw new ImageBusy(`${imageLabel(key)} is busy (${running}); try again when it has finished.`);
  busy.set(id, label);
  try {
    return await fn();
  } finally {
    busy.delete(id);
  }
}
