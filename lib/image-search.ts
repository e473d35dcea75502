import type { ImageKey } from "./image-index";

/**
 * The catalogue's search: every word of the query must appear in one of the
 * image's parts ("deb book" finds debian bookworm), case-insensitive, and the
 * architecture filter ("" for all) must match exactly.
 */
export function filterImages<T extends ImageKey>(images: readonly T[], query: string, arch: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return images.filter((image) => {
    if (arch !== "" && image.arch !== arch) return false;
    const parts = [image.dist, image.release, image.arch, image.variant].map((p) => p.toLowerCase());
    return words.every((word) => parts.some((part) => part.includes(word)));
  });
}

/** The architectures of a list of images, for the filter's options. */
export function archesIn(images: readonly ImageKey[]): string[] {
  return [...new Set(images.map((i) => i.arch))].sort();
}

/** lxc-download's name for the architecture Node reports (x64 → amd64), or null for one it has no name for. */
export function imageArchOf(nodeArch: string): string | null {
  const names: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "armhf", ia32: "i386", ppc64: "ppc64el", riscv64: "riscv64", s390x: "s390x" };
  return names[nodeArch] ?? null;
}
