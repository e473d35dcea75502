"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteCachedImage, refreshCachedImage } from "@/app/images/actions";
import type { ActionResult } from "@/lib/api-types";
import { formatBytes } from "@/lib/format-units";
import { createPageHref } from "@/lib/image-choices";
import { formatAge, expiryText } from "@/lib/image-format";
import { imageKeyOf, imageLabel, type ImageKey } from "@/lib/image-index";
import type { CachedImage } from "@/lib/image-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyNote } from "@/components/ui/empty-note";
import { Spinner } from "@/components/ui/spinner";
import { ActionsTh, Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { buildDateText } from "./build-date";

const idOf = (k: ImageKey) => `${k.dist}/${k.release}/${k.arch}/${k.variant}`;

/** Asks before deleting, and says what stays: containers keep their own copy of the rootfs. */
function DeleteImageDialog({ image, onClose, onConfirm }: { image: CachedImage | null; onClose: () => void; onConfirm: () => void }) {
  return (
    <Dialog open={image !== null} onClose={onClose} title={image ? `Delete ${imageLabel(image)} from the cache?` : ""}>
      {image && (
        <>
          <p>
            Frees {formatBytes(image.sizeBytes)}. Containers made from it are not affected; making another one from this
            image needs the image server again.
          </p>
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="danger" onClick={onConfirm} autoFocus>
              Delete
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/**
 * lxc-download's local cache: what is there, how big and how old, with
 * "create from this image" (offline, from the cache) for everyone who may
 * create, and refresh / delete for an admin.
 */
export function CachedImagesTable({
  images,
  now,
  server,
  canAct,
}: {
  images: CachedImage[];
  /** The server's clock when it listed the cache, so ages read the same on server and browser. */
  now: number;
  /** The mirror a refresh downloads from; "" for the default server. */
  server: string;
  canAct: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState<{ id: string; label: string } | null>(null);
  const [confirming, setConfirming] = useState<CachedImage | null>(null);

  async function perform(image: CachedImage, label: string, call: () => Promise<ActionResult>) {
    setPending({ id: idOf(image), label });
    const result = await call().catch(() => ({ ok: false as const, error: `${imageLabel(image)}: ${label} failed — see the audit log` }));
    setPending(null);
    router.refresh();
    toast(result.ok ? { tone: "ok", content: result.message } : { tone: "error", content: result.error });
  }

  if (images.length === 0) {
    return (
      <EmptyNote>
        No image is cached yet. lxc-download keeps every image it downloads here, so the next container from it needs no
        network.
      </EmptyNote>
    );
  }

  return (
    <>
      <Table label="Cached images">
        <thead>
          <tr>
            <Th>Image</Th>
            <Th>Build date</Th>
            <Th className="text-right">Size</Th>
            <Th>Downloaded</Th>
            <Th>Expires</Th>
            <ActionsTh />
          </tr>
        </thead>
        <tbody>
          {images.map((image) => {
            const expiry = expiryText(image.expiresAt, now);
            const busy = pending?.id === idOf(image) ? pending.label : null;
            const label = imageLabel(image);
            return (
              <tr key={idOf(image)}>
                <Td className="font-mono text-xs whitespace-nowrap">
                  {label}
                  {!image.complete && (
                    <span className="ml-2" title="No rootfs.tar.xz or no config: lxc-download cannot use it.">
                      <Badge tone="red">incomplete</Badge>
                    </span>
                  )}
                </Td>
                <Td className="font-mono text-xs whitespace-nowrap">{buildDateText(image)}</Td>
                <Td className="text-right font-mono text-xs whitespace-nowrap">{formatBytes(image.sizeBytes)}</Td>
                <Td className="text-xs whitespace-nowrap">{formatAge(now - Date.parse(image.downloadedAt))} ago</Td>
                <Td className="text-xs whitespace-nowrap">
                  {expiry.expired ? <Badge tone="amber">{expiry.text}</Badge> : expiry.text}
                </Td>
                <Td>
                  <div className="flex items-center justify-end gap-3">
                    {busy && (
                      <span className="inline-flex items-center gap-1.5 text-xs text-muted">
                        <Spinner />
                        {busy}…
                      </span>
                    )}
                    {canAct && image.complete && (
                      <Link
                        href={createPageHref({ image, server: "", cached: true })}
                        aria-label={`Create from this image: ${label} (cached)`}
                        className="text-sm whitespace-nowrap text-accent hover:underline"
                      >
                        Create from this image
                      </Link>
                    )}
                    {canAct && (
                      <>
                        <Button
                          size="sm"
                          disabled={pending !== null}
                          aria-label={`Refresh ${label}`}
                          onClick={() => perform(image, "refreshing", () => refreshCachedImage({ ...imageKeyOf(image), server }))}
                        >
                          Refresh
                        </Button>
                        <Button size="sm" variant="danger" disabled={pending !== null} aria-label={`Delete ${label}`} onClick={() => setConfirming(image)}>
                          Delete
                        </Button>
                      </>
                    )}
                  </div>
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <DeleteImageDialog
        image={confirming}
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          const image = confirming;
          setConfirming(null);
          if (image) void perform(image, "deleting", () => deleteCachedImage(imageKeyOf(image)));
        }}
      />
    </>
  );
}
