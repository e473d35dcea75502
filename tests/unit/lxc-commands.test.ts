import { describe, expect, it } from "vitest";
import { buildCreateArgv, createRequestSchema, DOWNLOAD_IMAGES, formatArgv, parseCreateRequest } from "@/lib/create-command";
import { actionArgv, InvalidName, InvalidOption, validateCreateRequest } from "@/server/lxc";

const ctx = { lxcpath: "/var/lib/lxc", unprivilegedConfigPath: "/data/unprivileged.conf" };
const base = { name: "web", autostart: false, start: false };

describe("actionArgv", () => {
  const P = { lxcpath: "/var/lib/lxc" };
  it.each([
    ["start", "lxc-start -P /var/lib/lxc -n web -d"],
    ["stop", "lxc-stop -P /var/lib/lxc -n web -t 30"],
    ["kill", "lxc-stop -P /var/lib/lxc -n web -k"],
    ["restart", "lxc-stop -P /var/lib/lxc -n web -r -t 30"],
    ["freeze", "lxc-freeze -P /var/lib/lxc -n web"],
    ["unfreeze", "lxc-unfreeze -P /var/lib/lxc -n web"],
    ["destroy", "lxc-destroy -P /var/lib/lxc -n web -f -s"],
  ] as const)("%s → %s", (action, command) => {
    expect(actionArgv(action, "web", P)).toEqual(command.split(" "));
  });

  it("takes a stop timeout, and refuses one that is not a sane whole number", () => {
    expect(actionArgv("stop", "web", { ...P, timeoutSeconds: 5 })).toEqual(["lxc-stop", "-P", "/var/lib/lxc", "-n", "web", "-t", "5"]);
    for (const t of [0, -1, 1.5, 100000, Number.NaN]) {
      expect(() => actionArgv("stop", "web", { ...P, timeoutSeconds: t })).toThrow(InvalidOption);
    }
  });

  it("refuses an unknown action and a bad name", () => {
    expect(() => actionArgv("reboot" as never, "web", P)).toThrow(InvalidOption);
    expect(() => actionArgv("start", "-n", P)).toThrow(InvalidName);
  });

  it("uses LXC_LXCPATH when no lxcpath is given", () => {
    const before = process.env.LXC_LXCPATH;
    process.env.LXC_LXCPATH = "/srv/lxc";
    try {
      expect(actionArgv("start", "web")).toEqual(["lxc-start", "-P", "/srv/lxc", "-n", "web", "-d"]);
    } finally {
      if (before === undefined) delete process.env.LXC_LXCPATH;
      else process.env.LXC_LXCPATH = before;
    }
  });
});

describe("formatArgv", () => {
  it("leaves plain words alone and quotes only what the shell would read", () => {
    expect(formatArgv(["lxc-create", "-P", "/var/lib/lxc", "-n", "web", "-t", "busybox"])).toBe("lxc-create -P /var/lib/lxc -n web -t busybox");
    expect(formatArgv(["echo", "a b", "it's", "", "$(id)", "x;y"])).toBe(`echo 'a b' 'it'\\''s' '' '$(id)' 'x;y'`);
  });
});

describe("buildCreateArgv", () => {
  it("busybox, unprivileged: -f with the idmap config", () => {
    expect(buildCreateArgv({ ...base, template: "busybox", unprivileged: true }, ctx)).toEqual(
      "lxc-create -P /var/lib/lxc -n web -t busybox -f /data/unprivileged.conf".split(" "),
    );
  });

  it("busybox, privileged: no -f (the host's default.conf gives veth on lxcbr0)", () => {
    expect(buildCreateArgv({ ...base, template: "busybox", unprivileged: false }, ctx)).toEqual(
      "lxc-create -P /var/lib/lxc -n web -t busybox".split(" "),
    );
  });

  it("download: template options after --, with and without a mirror", () => {
    const req = { ...base, template: "download", unprivileged: true, dist: "ubuntu", release: "noble", arch: "amd64", variant: "default" } as const;
    expect(formatArgv(buildCreateArgv(req, ctx))).toBe(
      "lxc-create -P /var/lib/lxc -n web -t download -f /data/unprivileged.conf -- --dist ubuntu --release noble --arch amd64 --variant default",
    );
    expect(buildCreateArgv({ ...req, unprivileged: false, server: "mirror.example.org:8443" }, ctx).slice(5)).toEqual(
      "-t download -- --dist ubuntu --release noble --arch amd64 --variant default --server mirror.example.org:8443".split(" "),
    );
  });

  it("debian: -r RELEASE, privileged", () => {
    expect(formatArgv(buildCreateArgv({ ...base, template: "debian", unprivileged: false, release: "bookworm" }, ctx))).toBe(
      "lxc-create -P /var/lib/lxc -n web -t debian -- -r bookworm",
    );
  });

  it("never builds a command from a request outside the schema", () => {
    expect(() => buildCreateArgv({ ...base, template: "debian", unprivileged: false, release: "bookworm; id" }, ctx)).toThrow();
  });
});

describe("the create form's schema", () => {
  it("defaults to unprivileged, no autostart, no start", () => {
    expect(createRequestSchema.parse({ template: "busybox", name: "web" })).toEqual({
      template: "busybox",
      name: "web",
      unprivileged: true,
      autostart: false,
      start: false,
    });
  });

  it("drops keys it does not know instead of passing them on", () => {
    const r = createRequestSchema.parse({ template: "busybox", name: "web", config: "lxc.apparmor.profile = unconfined", path: "/" });
    expect(r).not.toHaveProperty("config");
    expect(buildCreateArgv(r, ctx).join(" ")).not.toMatch(/apparmor|unconfined/);
  });

  it("treats an empty mirror field as the default server", () => {
    const r = createRequestSchema.parse({ template: "download", name: "web", dist: "alpine", release: "3.21", arch: "arm64", variant: "cloud", server: "" });
    expect(buildCreateArgv(r, ctx)).not.toContain("--server");
  });

  it("offers only releases that belong to the chosen dist", () => {
    for (const [dist, releases] of Object.entries(DOWNLOAD_IMAGES)) {
      for (const release of releases) {
        expect(parseCreateRequest({ template: "download", name: "w", dist, release, arch: "amd64", variant: "default" }).ok).toBe(true);
      }
    }
  });

  const download = { template: "download", name: "web", dist: "ubuntu", release: "noble", arch: "amd64", variant: "default" };
  it.each([
    ["template", { template: "oci", name: "web" }],
    ["template", { template: "../../bin/sh", name: "web" }],
    ["dist", { ...download, dist: "gentoo" }],
    ["release", { ...download, release: "bookworm" }],
    ["release", { ...download, release: "noble --flush-cache" }],
    ["arch", { ...download, arch: "mips" }],
    ["variant", { ...download, variant: "--no-validate" }],
    ["server", { ...download, server: "evil.example.org/path" }],
    ["server", { ...download, server: "-x" }],
    ["server", { ...download, server: "host:70000" }],
    ["release", { template: "debian", name: "web", unprivileged: false, release: "wheezy" }],
    ["unprivileged", { template: "debian", name: "web", unprivileged: true, release: "bookworm" }],
    ["unprivileged", { template: "busybox", name: "web", unprivileged: "yes" }],
  ])("refuses a bad %s (InvalidOption, with its field)", (field, input) => {
    let error: unknown;
    try {
      validateCreateRequest(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOption);
    expect(error).toMatchObject({ field, code: "INVALID_OPTION" });
  });

  it("gives InvalidName with the schema's own message for a bad name", () => {
    expect(() => validateCreateRequest({ template: "busybox", name: "a/b" })).toThrow(
      expect.objectContaining({ code: "INVALID_NAME", field: "name", message: "Use only letters, digits and '-'." }),
    );
  });
});
