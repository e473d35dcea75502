import { describe, expect, it } from "vitest";
import { formatCommand, lxcAttachCommand } from "@/server/terminal/attach-command";

describe("lxcAttachCommand", () => {
  it("attaches with a cleared environment, explicit TERM, PATH and HOME, on the given lxcpath", () => {
    const command = lxcAttachCommand("/srv/lxc", "web", "/home/dash");
    expect(command.file).toBe("lxc-attach");
    expect(command.args).toEqual([
      "-P", "/srv/lxc",
      "-n", "web",
      "--clear-env",
      "--set-var", "TERM=xterm-256color",
      "--set-var", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "--set-var", "HOME=/root",
    ]);
  });

  it("gives the host process only TERM, PATH and HOME, nothing from the server's environment", () => {
    process.env.SECRET_CANARY = "xyz";
    try {
      const { env } = lxcAttachCommand("/var/lib/lxc", "web", "/root");
      expect(Object.keys(env).sort()).toEqual(["HOME", "PATH", "TERM"]);
      expect(Object.values(env)).not.toContain("xyz");
    } finally {
      delete process.env.SECRET_CANARY;
    }
  });

  it("formats the command for the audit log, quoting what needs it", () => {
    expect(formatCommand({ file: "lxc-attach", args: ["-n", "web", "--set-var", "TERM=xterm"] })).toBe("lxc-attach -n web --set-var TERM=xterm");
    expect(formatCommand({ file: "lxc-attach", args: ["-P", "/my lxc", "it's"] })).toBe(`lxc-attach -P '/my lxc' 'it'\\''s'`);
  });
});
