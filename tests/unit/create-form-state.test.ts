import { describe, expect, it } from "vitest";
import { INITIAL_FORM, previewCommand, toCreateInput } from "@/components/containers/create-form-state";
import { createRequestSchema } from "@/lib/create-command";

const ctx = { lxcpath: "/var/lib/lxc", unprivilegedConfigPath: "/root/.config/lxc/default.conf" };

describe("create form preview", () => {
  it("shows the unprivileged busybox command for a valid name", () => {
    expect(previewCommand({ ...INITIAL_FORM, name: "web" }, ctx)).toBe(
      "lxc-create -P /var/lib/lxc -n web -t busybox -f /root/.config/lxc/default.conf",
    );
  });

  it("shows a placeholder while the name is invalid, never the bad name", () => {
    const cmd = previewCommand({ ...INITIAL_FORM, name: "$(id)" }, ctx);
    expect(cmd).toContain("-n NAME ");
    expect(cmd).not.toContain("$(id)");
  });

  it("adds the download options and a valid mirror, and leaves out a half-typed one", () => {
    const form = { ...INITIAL_FORM, name: "u1", template: "download" as const, server: "mirror.lan:8443" };
    expect(previewCommand(form, ctx)).toBe(
      "lxc-create -P /var/lib/lxc -n u1 -t download -f /root/.config/lxc/default.conf -- --dist ubuntu --release noble --arch amd64 --variant default --server mirror.lan:8443",
    );
    expect(previewCommand({ ...form, server: "mirror..lan" }, ctx)).not.toContain("--server");
  });

  it("sends debian as privileged even when the checkbox was left on", () => {
    const input = toCreateInput({ ...INITIAL_FORM, name: "d1", template: "debian", unprivileged: true });
    expect(input.unprivileged).toBe(false);
    expect(createRequestSchema.safeParse(input).success).toBe(true);
    expect(previewCommand({ ...INITIAL_FORM, name: "d1", template: "debian" }, ctx)).toBe(
      "lxc-create -P /var/lib/lxc -n d1 -t debian -- -r bookworm",
    );
  });

  it("sends an empty mirror as the default server", () => {
    const input = toCreateInput({ ...INITIAL_FORM, name: "u2", template: "download" });
    const parsed = createRequestSchema.parse(input);
    expect(parsed.template === "download" && parsed.server).toBeFalsy();
  });
});
