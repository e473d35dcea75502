import { describe, expect, it } from "vitest";
import type { CheckContext } from "@/server/host/check-context";
import { appendLineCommand, rootCommand, userCommand } from "@/server/host/fix-commands";

function ctx(processRoot: boolean, processIsUser: boolean): CheckContext {
  return {
    user: { name: "alice", uid: 1001, gid: 1001, home: "/home/alice", groups: ["alice"] },
    processRoot,
    processIsUser,
    lxcpath: "/home/alice/.local/share/lxc",
    systemd: false,
    dashboard: true,
  };
}

describe("fix commands as a person types them", () => {
  it("root commands get sudo only when the checker is not root, sh -c only for a script", () => {
    expect(rootCommand(ctx(true, false), "apt-get install -y lxc")).toBe("apt-get install -y lxc");
    expect(rootCommand(ctx(false, true), "apt-get install -y lxc")).toBe("sudo apt-get install -y lxc");
    expect(rootCommand(ctx(false, true), "/usr/libexec/lxc/lxc-net stop; /usr/libexec/lxc/lxc-net start")).toBe(
      "sudo sh -c '/usr/libexec/lxc/lxc-net stop; /usr/libexec/lxc/lxc-net start'",
    );
  });

  it("a user's own command runs as that user when someone else checks", () => {
    expect(userCommand(ctx(false, true), "mkdir -p /home/alice/.config/lxc")).toBe("mkdir -p /home/alice/.config/lxc");
    expect(userCommand(ctx(true, false), "echo 'x' > f")).toBe(`runuser -u alice -- sh -c 'echo '\\''x'\\'' > f'`);
    expect(userCommand(ctx(false, false), "true")).toBe("sudo -u alice sh -c true");
  });

  it("appending to a root file: >> as root, sudo tee -a otherwise", () => {
    expect(appendLineCommand(ctx(true, false), "alice veth lxcbr0 10", "/etc/lxc/lxc-usernet")).toBe(
      "echo 'alice veth lxcbr0 10' >> /etc/lxc/lxc-usernet",
    );
    expect(appendLineCommand(ctx(false, true), "alice veth lxcbr0 10", "/etc/lxc/lxc-usernet")).toBe(
      "echo 'alice veth lxcbr0 10' | sudo tee -a /etc/lxc/lxc-usernet >/dev/null",
    );
  });
});
