import { readFile } from "node:fs/promises";
import { runTool } from "../lxc/run-tool";
import { lastApplyError } from "../forwards/forward-engine";
import { unprivilegedPortStart } from "../forwards/host-ports";
import { outcome, type Check } from "./check-context";
import { rootCommand } from "./fix-commands";
import { toolVersion } from "./tool-version";

/**
 * What port forwards need. As root: nft, a kernel that takes nftables rules
 * (`nft list tables` answers), and IPv4 forwarding on (a DNAT'ed packet from
 * the LAN is forwarded to the bridge); and the last apply having worked. As a
 * regular user there is nothing to check: forwards are a proxy in the dashboard.
 */
export const checkForwarding: Check = async (ctx) => {
  if (ctx.user.uid !== 0) {
    return outcome(ctx, "forwarding", {
      state: "ok",
      found: `not root: forwards are a TCP proxy inside the dashboard (TCP only, host ports from ${unprivilegedPortStart()}), no firewall rules`,
      essential: false,
    });
  }
  const version = await toolVersion(["nft", "--version"]);
  if (version === null) {
    const argv = ["apt-get", "install", "-y", "nftables"];
    return outcome(
      ctx,
      "forwarding",
      { state: "missing", found: "nft not found: no port can be forwarded", fix: rootCommand(ctx, argv.join(" ")), essential: false },
      { runsAs: "root", kind: "commands", steps: [{ argv }] },
    );
  }
  const tables = await runTool(["nft", "list", "tables"]);
  if (tables.exitCode !== 0) {
    const why = tables.stderr.trim().split("\n").at(-1) ?? "";
    return outcome(ctx, "forwarding", {
      state: "wrong",
      found: `${version}, but nft cannot read the ruleset (${why}): the kernel may lack nf_tables`,
      fix: rootCommand(ctx, "modprobe nf_tables nft_nat nft_fib_ipv4"),
      essential: false,
    });
  }
  if ((await readFile("/proc/sys/net/ipv4/ip_forward", "utf8").catch(() => "")).trim() !== "1") {
    const argv = ["sysctl", "-w", "net.ipv4.ip_forward=1"];
    return outcome(
      ctx,
      "forwarding",
      {
        state: "wrong",
        found: "IPv4 forwarding is off (net.ipv4.ip_forward = 0): forwarded ports cannot reach the containers from the LAN",
        fix: rootCommand(ctx, argv.join(" ")),
        essential: false,
      },
      { runsAs: "root", kind: "commands", steps: [{ argv }] },
    );
  }
  const failed = ctx.dashboard ? lastApplyError() : null;
  if (failed) {
    return outcome(ctx, "forwarding", {
      state: "wrong",
      found: `${version}; the last change of the forwards failed: ${failed}`,
      fix: "See the audit log's last 'apply forwards' row for the ruleset and nft's answer.",
      essential: false,
    });
  }
  return outcome(ctx, "forwarding", { state: "ok", found: `${version}; IPv4 forwarding on`, essential: false });
};
