import { describe, expect, it } from "vitest";
import { parseCreateRequest, unavailableTemplates } from "@/lib/create-command";

const installed = ["busybox", "download", "ubuntu"]; // no lxc-debian on this imagined host

describe("templates the host has", () => {
  it("refuses a supported template whose script is not installed", () => {
    const r = parseCreateRequest({ template: "debian", name: "deb", release: "bookworm", unprivileged: false }, undefined, {
      root: true,
      templates: installed,
    });
    expect(r).toEqual({ ok: false, field: "template", message: expect.stringContaining("lxc-debian") });
  });

  it("accepts an installed one", () => {
    expect(parseCreateRequest({ template: "busybox", name: "bb" }, undefined, { root: true, templates: installed }).ok).toBe(true);
  });

  it("names what the form cannot offer, and why", () => {
    expect(unavailableTemplates({ root: true, templates: installed })).toEqual({ debian: expect.stringContaining("not installed") });
    expect(unavailableTemplates({ root: false, templates: [...installed, "debian"] })).toEqual({ debian: expect.stringContaining("root") });
    expect(unavailableTemplates({ root: true, templates: ["busybox", "download", "debian"] })).toEqual({});
  });
});
