import type { CatalogueImage, ImageKey } from "./image-index";

/** The image server lxc-download uses when no --server is given. */
export const DEFAULT_IMAGE_SERVER = "images.linuxcontainers.org";

/** The image server's index as the dashboard last read it. */
export type Catalogue =
  | {
      ok: true;
      server: string;
      images: CatalogueImage[];
      /** Lines of the index that were not valid image lines (skipped). */
      malformed: number;
      /** When the index was read (ISO). */
      readAt: string;
    }
  | {
      ok: false;
      server: string;
      /** One sentence: why the index could not be read ("HOST could not be reached (network failure)."). */
      message: string;
      /** An index read earlier that is still offered, or none. */
      images: CatalogueImage[];
      readAt: string | null;
    };

/** One image in lxc-download's local cache (DIST/RELEASE/ARCH/VARIANT). */
export interface CachedImage extends ImageKey {
  /** Bytes of its files (the rootfs tarball and the meta files). */
  sizeBytes: number;
  /** The build it holds (its build_id file); null when lxc wrote none. */
  build: string | null;
  /** The build as an ISO time, when its name is a date. */
  builtAt: string | null;
  /** When it was downloaded (ISO): the time of its rootfs tarball. */
  downloadedAt: string;
  /** When lxc-download considers it stale (its expiry file, ISO); null when it has none. */
  expiresAt: string | null;
  /** Whether it holds what lxc-download needs to make a container (rootfs.tar.xz and a config). */
  complete: boolean;
}
