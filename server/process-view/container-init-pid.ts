import { CommandFailed, ContainerNotFound, containerExists, lxcPath, runTool, validContainerName } from "../lxc";

/**
 * The container's init PID on the host (`lxc-info -n NAME -pH`), or null when
 * it is not running. One lxc-info call: the Processes views ask every second
 * or two and need nothing else lxc-info knows.
 */
export async function containerInitPid(name: string): Promise<number | null> {
  const n = validContainerName(name);
  const argv = ["lxc-info", "-P", lxcPath(), "-n", n, "-pH"];
  const result = await runTool(argv);
  if (result.exitCode !== 0) {
    if (!(await containerExists(n))) throw new ContainerNotFound(n);
    throw new CommandFailed(argv, result.exitCode, result.stderr);
  }
  // A stopped container prints nothing.
  const printed = result.stdout.trim();
  return /^[1-9]\d*$/.test(printed) ? Number(printed) : null;
}
