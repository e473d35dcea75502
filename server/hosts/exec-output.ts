import type { IncusEndpoint } from "../incus/endpoint";
import { incusAsync, waitOperation } from "../incus/operations";
import { incusRequest, incusText } from "../incus/rest";

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Runs a short command inside an Incus container and returns what it
 * printed: exec with record-output (no WebSockets), the operation waited
 * for, the output files read and deleted (for ps).
 */
export async function runInContainer(endpoint: IncusEndpoint, execPath: string, command: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const op = await incusAsync(endpoint, "POST", execPath, { command, "record-output": true, interactive: false, "wait-for-websocket": false, environment: { PATH } });
  const ended = await waitOperation(endpoint, op, { timeoutSeconds: 20 });
  const output = (ended.metadata?.output ?? {}) as Record<string, string>;
  const read = async (fd: "1" | "2"): Promise<string> => {
    const file = output[fd]?.split("/").pop();
    if (!file) return "";
    // …/exec[?project=P] → …/logs/exec-output/FILE[?project=P]
    const path = execPath.replace(/\/exec(\?|$)/, `/logs/exec-output/${encodeURIComponent(file)}$1`);
    const text = await incusText(endpoint, path);
    await incusRequest(endpoint, "DELETE", path).catch(() => undefined);
    return text;
  };
  return { exitCode: Number(ended.metadata?.return ?? -1), stdout: await read("1"), stderr: await read("2") };
}
