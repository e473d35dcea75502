import { essentialVerdict, parseCheckconfig, stripAnsi } from "@/lib/host-checkconfig";
import { isLxcError } from "../lxc/errors";
import { runTool } from "../lxc/run-tool";
import { processSingleton } from "../process-singleton";
import { outcome, type Check } from "./check-context";

/**
 * lxc-checkconfig's answer is kept this long: it reads the kernel's build
 * config (a shell script, the costliest of the checks), which only a reboot
 * changes. The host readiness feed looks every two minutes.
 */
const KERNEL_KEEP_MS = 30 * 60_000;
const kernelAnswer = () => processSingleton<{ at: number; output: string | null }>("lxc-checkconfig-answer", () => ({ at: 0, output: null }));

/** Forgets the kept answer (an admin's "check again"). */
export function forgetKernelAnswer(): void {
  kernelAnswer().output = null;
}

async function checkconfigOutput(): Promise<string> {
  const kept = kernelAnswer();
  if (kept.output !== null && Date.now() - kept.at < KERNEL_KEEP_MS) return kept.output;
  const result = await runTool(["lxc-checkconfig"]);
  const output = `${result.stdout}\n${result.stderr}`;
  Object.assign(kept, { at: Date.now(), output });
  return output;
}

/** lxc-checkconfig's essentials: namespaces, cgroups, veth, bridges. No command fixes a kernel. */
export const checkKernel: Check = async (ctx) => {
  let output: string;
  try {
    output = await checkconfigOutput();
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
