import { afterEach, describe, expect, it, vi } from "vitest";
import { FIXED_IMAGE_CHOICES, NEEDS_ROOT, parseCreateRequest } from "@/lib/create-command";
import { startCreate } from "@/server/containers/create-service";
import { containerExists } from "@/server/lxc";

// Nothing is spawned: the images are the fixed list, and every name "exists", so a
// request that passes validation ends at the name check instead of in lxc-create.
vi.mock("@/server/images", () => ({ imageChoicesForCreate: async () => FIXED_IMAGE_CHOICES }));
vi.mock("@/server/lxc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/lxc")>()),
  containerExists: vi.fn(async () => true),
}));

const who = { actor: "admin", address: "127.0.0.1" };
const privilegedBusybox = { template: "busybox", name: "web", unprivileged: false };
const debian = { template: "debian", name: "deb", unprivileged: false, release: "bookworm" };

function runAs(uid: number) {
  vi.spyOn(process, "geteuid").mockReturnValue(uid);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(containerExists).mockClear();
});

describe("creating as a regular user (non-root mode)", () => {
  it("refuses a privileged container and the privileged-only debian template, at their fields, before the name is looked up", async () => {
    runAs(1000);
    expect(await startCreate(who, privilegedBusybox)).toEqual({
      ok: false,
      error: NEEDS_ROOT.privileged,
      fieldErrors: { unprivileged: NEEDS_ROOT.privileged },
    });
    expect(await startCreate(who, debian)).toEqual({
      ok: false,
      error: NEEDS_ROOT.debian,
      fieldErrors: { template: NEEDS_ROOT.debian },
    });
    expect(containerExists).not.toHaveBeenCalled();
  });

  it("accepts an unprivileged container", async () => {
    runAs(1000);
    const r = await startCreate(who, { template: "busybox", name: "web" });
    expect(r).toMatchObject({ ok: false, fieldErrors: { name: "A container named web already exists." } });
  });

  it("as root, both pass validation", async () => {
    runAs(0);
    for (const input of [privilegedBusybox, debian]) {
      expect(await startCreate(who, input)).toMatchObject({ ok: false, fieldErrors: { name: expect.stringContaining("already exists") } });
    }
  });

  it("holds in the shared parser too, so the form and the server agree", () => {
    expect(parseCreateRequest(debian, FIXED_IMAGE_CHOICES, { root: false })).toEqual({ ok: false, field: "template", message: NEEDS_ROOT.debian });
    expect(parseCreateRequest(privilegedBusybox, FIXED_IMAGE_CHOICES, { root: true }).ok).toBe(true);
  });
});
