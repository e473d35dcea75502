import { essentialVerdict, parseCheckconfig, stripAnsi } from "@/lib/host-checkconfig";
import { isLxcError } from "../lxc/errors";
import { runTool } from "../lxc/run-tool";
import { outcome, type Check } from "./check-context";

/** lxc-checkconfig's essentials: namespaces, cgroups, veth, bridges. No command fixes a kernel. */
export const checkKernel: Check = async (ctx) => {
  let output: string;
  try {
    const result = await runTool(["lxc-checkconfig"]);
    output = `${result.stdout}\n${result.stderr}`;
  } catch (err) {
    if (!(isLxcError(err) && err.code === "TOOL_MISSING")) throw err;
    return outcome(ctx, "kernel", { state: "missing", found: "lxc-checkconfig is not installed (it comes with the lxc tools, above)", essential: true });
  }
  const { missing, unreported } = essentialVerdict(parseCheckconfig(output));
  if (missing.length > 0) {
    return outcome(ctx, "kernel", {
      state: "missing",
      found: `${missing.join(", ")}: this kernel cannot run containers; boot one with these features`,
      essential: true,
    });
  }
  if (unreported.length > 0) {
    const firstLine = stripAnsi(output).trim().split("\n")[0] ?? "";
    return outcome(ctx, "kernel", {
      state: "wrong",
      found: `lxc-checkconfig did not report ${unreported.join(", ")} (it said: "${firstLine}")`,
      essential: true,
    });
  }
  return outcome(ctx, "kernel", { state: "ok", found: "namespaces (user and network too), cgroups, veth and bridges enabled", essential: true });
};
