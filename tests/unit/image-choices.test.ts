import { describe, expect, it } from "vitest";
import { buildCreateArgv, downloadImageChoices, FIXED_IMAGE_CHOICES, parseCreateRequest } from "@/lib/create-command";
import {
  archesOf,
  createPageHref,
  createPrefillFrom,
  distsOf,
  imageProblem,
  isOffered,
  nearestOffered,
  releasesOf,
  variantsOf,
} from "@/lib/image-choices";
import { prefilledForm, previewCommand, withImage } from "@/components/containers/create-form-state";

const busybox = { dist: "busybox", release: "1.36", arch: "amd64", variant: "default" };
const mirrorOnly = { dist: "voidlinux", release: "current", arch: "arm64", variant: "musl" };
const choices = downloadImageChoices([mirrorOnly], [busybox]);
const ctx = { lxcpath: "/var/lib/lxc", unprivilegedConfigPath: "/data/unprivileged.conf" };
const request = (image: object, extra: object = {}) => ({ template: "download", name: "web", unprivileged: false, ...image, ...extra });

describe("image choices", () => {
  it("offers the fixed list, the index and the cache together, each part under the ones before it", () => {
    expect(distsOf(choices)).toEqual(expect.arrayContaining(["ubuntu", "voidlinux", "busybox"]));
    expect(releasesOf(choices, "busybox")).toEqual(["1.36.1", "1.36"]);
    expect(archesOf(choices, "busybox", "1.36")).toEqual(["amd64"]);
    expect(archesOf(choices, "voidlinux", "current")).toEqual(["arm64"]);
    expect(variantsOf(choices, "voidlinux", "current", "arm64")).toEqual(["musl"]);
    expect(isOffered(choices, mirrorOnly)).toBe(true);
    expect(isOffered(FIXED_IMAGE_CHOICES, mirrorOnly)).toBe(false);
  });

  it("names the first part no list offers", () => {
    expect(imageProblem(choices, { ...busybox, dist: "gentoo" })?.field).toBe("dist");
    expect(imageProblem(choices, { ...busybox, release: "1.35" })?.field).toBe("release");
    expect(imageProblem(choices, { ...busybox, arch: "arm64" })?.field).toBe("arch");
    expect(imageProblem(choices, { ...busybox, variant: "cloud" })?.field).toBe("variant");
    expect(imageProblem(choices, busybox)).toBeNull();
  });

  it("moves the later parts to offered ones when the dist changes, preferring amd64 and default", () => {
    expect(nearestOffered(choices, { ...busybox, dist: "voidlinux" })).toEqual(mirrorOnly);
    expect(nearestOffered(choices, { dist: "debian", release: "nope", arch: "s390x", variant: "x" })).toEqual({
      dist: "debian",
      release: "trixie",
      arch: "s390x",
      variant: "default",
    });
  });
});

describe("create requests against the images the server read", () => {
  it("accepts an image of the index or the cache, and refuses it with only the fixed list", () => {
    expect(parseCreateRequest(request(mirrorOnly), choices).ok).toBe(true);
    expect(parseCreateRequest(request(busybox), choices).ok).toBe(true);
    expect(parseCreateRequest(request(mirrorOnly))).toMatchObject({ ok: false, field: "dist" });
  });

  it("makes a cached image with --force-cache, and refuses 'cached' for one the cache lacks", () => {
    const r = parseCreateRequest(request(busybox, { cached: true }), choices);
    expect(r.ok && buildCreateArgv(r.request, ctx).slice(-9)).toEqual(
      "--dist busybox --release 1.36 --arch amd64 --variant default --force-cache".split(" "),
    );
    expect(parseCreateRequest(request(mirrorOnly, { cached: true }), choices)).toMatchObject({ ok: false, field: "cached" });
  });

  it.each([
    ["release", { ...busybox, release: "1.36 --flush-cache" }],
    ["dist", { ...busybox, dist: "../../etc" }],
    ["variant", { ...busybox, variant: "-x" }],
    ["arch", { ...busybox, arch: "" }],
  ])("refuses a %s outside the charset even if a list named it", (field, image) => {
    const listed = downloadImageChoices([image], [image]);
    expect(parseCreateRequest(request(image), listed)).toMatchObject({ ok: false, field });
  });
});

describe("from /images to the create form", () => {
  it("links to the create page with the image, the mirror and the cache choice, and reads them back", () => {
    const href = createPageHref({ image: busybox, server: "mirror.lan:8443", cached: true });
    expect(href).toBe("/create?template=download&dist=busybox&release=1.36&arch=amd64&variant=default&server=mirror.lan%3A8443&cached=1");
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    const prefill = createPrefillFrom(params, choices, "mirror.lan:8443");
    expect(prefill).toEqual({ image: busybox, server: "mirror.lan:8443", cached: true });
    const form = prefilledForm(prefill);
    expect(previewCommand({ ...form, name: "b1" }, ctx)).toBe(
      "lxc-create -P /var/lib/lxc -n b1 -t download -f /data/unprivileged.conf -- --dist busybox --release 1.36 --arch amd64 --variant default --server mirror.lan:8443 --force-cache",
    );
  });

  it("ignores an address naming an image no list offers, and 'cached' for one not cached", () => {
    expect(createPrefillFrom({ template: "download", ...busybox, dist: "gentoo" }, choices, "")).toBeNull();
    expect(createPrefillFrom({ template: "download", ...mirrorOnly, cached: "1" }, choices, "")?.cached).toBe(false);
    expect(prefilledForm(null).template).toBe("busybox");
  });

  it("drops 'from the cache' when the person picks an image that is not cached", () => {
    const form = prefilledForm({ image: busybox, server: "", cached: true });
    expect(withImage(form, choices, { release: "1.36.1" })).toMatchObject({ downloadRelease: "1.36.1", cached: false });
  });
});
