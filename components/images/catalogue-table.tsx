"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { createPageHref } from "@/lib/image-choices";
import { imageLabel, sameImage, type CatalogueImage, type ImageKey } from "@/lib/image-index";
import { archesIn, filterImages } from "@/lib/image-search";
import { Badge } from "@/components/ui/badge";
import { EmptyNote } from "@/components/ui/empty-note";
import { ActionsTh, Table, Td, Th } from "@/components/ui/table";
import { buildDateText } from "./build-date";

/** Rows drawn at once; the search narrows a long index (the public one has hundreds). */
const MAX_ROWS = 300;

const field = "h-9 rounded-md border border-line bg-panel px-2.5 text-sm";

/**
 * The image server's index, searchable by any part and filtered by
 * architecture, each row leading to the create form with that image.
 */
export function CatalogueTable({
  images,
  cached,
  server,
  defaultArch,
  canCreate,
}: {
  images: CatalogueImage[];
  /** Images in the local cache, marked in the list. */
  cached: ImageKey[];
  /** The mirror the index came from; "" for the default server. */
  server: string;
  /** The host's architecture, when the index has it: the filter starts there. */
  defaultArch: string;
  canCreate: boolean;
}) {
  const [query, setQuery] = useState("");
  const [arch, setArch] = useState(defaultArch);
  const shown = useMemo(() => filterImages(images, query, arch), [images, query, arch]);
  const arches = useMemo(() => archesIn(images), [images]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Search
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="debian bookworm"
            autoComplete="off"
            spellCheck={false}
            className={`${field} w-64`}
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Architecture
          <select value={arch} onChange={(e) => setArch(e.target.value)} className={`${field} w-36`}>
            <option value="">all</option>
            {arches.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <p className="h-9 content-center text-xs text-muted" aria-live="polite">
          {shown.length === images.length ? `${images.length} images` : `${shown.length} of ${images.length} images`}
          {shown.length > MAX_ROWS && `; the first ${MAX_ROWS} are shown, narrow the search for the rest`}
        </p>
      </div>
      {shown.length === 0 ? (
        <EmptyNote>No image matches this search.</EmptyNote>
      ) : (
        <Table label="Image catalogue">
          <thead>
            <tr>
              <Th>Distribution</Th>
              <Th>Release</Th>
              <Th>Architecture</Th>
              <Th>Variant</Th>
              <Th>Build date</Th>
              <ActionsTh />
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((image) => (
              <tr key={`${image.dist}/${image.release}/${image.arch}/${image.variant}`}>
                <Td className="font-mono text-xs">
                  {image.dist}
                  {cached.some((c) => sameImage(c, image)) && (
                    <span className="ml-2">
                      <Badge tone="blue">cached</Badge>
                    </span>
                  )}
                </Td>
                <Td className="font-mono text-xs">{image.release}</Td>
                <Td className="font-mono text-xs">{image.arch}</Td>
                <Td className="font-mono text-xs">{image.variant}</Td>
                <Td className="font-mono text-xs whitespace-nowrap">{buildDateText(image)}</Td>
                <Td className="text-right">
                  {canCreate && (
                    <Link
                      href={createPageHref({ image, server, cached: false })}
                      aria-label={`Create from this image: ${imageLabel(image)}`}
                      className="text-sm whitespace-nowrap text-accent hover:underline"
                    >
                      Create from this image
                    </Link>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
