import { constants } from "node:os";
import type { WebSocket } from "ws";
import type { TerminalSize } from "@/lib/terminal-protocol";
import type { PtyExit, TerminalPty } from "../terminal/attach-pty";
import type { IncusEndpoint } from "./endpoint";
import { incusAsync, waitOperation, type IncusOperation } from "./operations";
import { openIncusWebSocket } from "./websocket";

/**
 * An interactive command in an Incus container as a pty the terminal server
 * can drive (server/terminal/attach-pty.ts's TerminalPty): POST
 * /1.0/instances/NAME/exec with interactive and wait-for-websocket, then the
 * operation's two WebSockets: "0", the terminal's bytes both ways, and
 * "control" (window-resize, signal). Pausing stops reading the data socket,
 * so TCP's window (and Incus's pty behind it) holds the output back: the
 * same flow control as node-pty's pause. The exit status is the operation's
 * "return".
 */
export interface ExecRequest {
  /** The path with its project query, e.g. /1.0/instances/web/exec. */
  path: string;
  command: string[];
  environment: Record<string, string>;
  size: TerminalSize;
}

export async function openExecPty(endpoint: IncusEndpoint, request: ExecRequest): Promise<TerminalPty> {
  const op = await incusAsync(endpoint, "POST", request.path, {
    command: request.command,
    environment: request.environment,
    interactive: true,
    "wait-for-websocket": true,
    width: request.size.cols,
    height: request.size.rows,
  });
  const fds = ((op.metadata?.fds ?? {}) as Record<string, string>) ?? {};
  if (!fds["0"] || !fds.control) throw new Error("Incus did not offer the exec's WebSockets");
  const socketPath = (secret: string) => `/1.0/operations/${op.id}/websocket?secret=${encodeURIComponent(secret)}`;
  // The control socket first, as Incus's own client does; the command starts once both are open.
  const control = await openIncusWebSocket(endpoint, socketPath(fds.control));
  let data: WebSocket;
  try {
    data = await openIncusWebSocket(endpoint, socketPath(fds["0"]));
  } catch (err) {
    control.terminate();
    throw err;
  }
  return execPty(endpoint, op, data, control);
}

function execPty(endpoint: IncusEndpoint, op: IncusOperation, data: WebSocket, control: WebSocket): TerminalPty {
  const dataListeners: ((chunk: Buffer) => void)[] = [];
  const exitListeners: ((exit: PtyExit) => void)[] = [];
  let exited: PtyExit | null = null;
  const sendControl = (message: unknown) => {
    if (control.readyState === control.OPEN) control.send(JSON.stringify(message));
  };

  data.on("message", (chunk: Buffer, isBinary) => {
    // An empty text message is Incus's end of output: the command has ended. Closing our side lets the operation end.
    if (!isBinary && chunk.length === 0) return void data.close();
    for (const l of dataListeners) l(chunk);
  });
  data.on("error", () => {});
  control.on("error", () => {});
  control.on("message", () => {});

  const finish = (exit: PtyExit) => {
    if (exited) return;
    exited = exit;
    control.close();
    data.close();
    for (const l of exitListeners) l(exit);
  };
  // The data socket closes when the command has ended (or the container stopped); the operation has its status.
  data.once("close", () => {
    void waitOperation(endpoint, op, { timeoutSeconds: 10 })
      .then((ended) => finish({ exitCode: Number(ended.metadata?.return ?? 0), signal: 0 }))
      .catch(() => finish({ exitCode: 255, signal: 0 }));
  });

  return {
    pid: 0,
    onData: (listener) => void dataListeners.push(listener),
    onExit: (listener) => {
      if (exited) listener(exited);
      else exitListeners.push(listener);
    },
    write: (bytes) => {
      if (data.readyState === data.OPEN) data.send(bytes, { binary: true });
    },
    resize: ({ cols, rows }) => sendControl({ command: "window-resize", args: { width: String(cols), height: String(rows) } }),
    pause: () => data.pause(),
    resume: () => data.resume(),
    kill: (signal = "SIGHUP") => {
      const number = constants.signals[signal] ?? constants.signals.SIGHUP;
      sendControl({ command: "signal", signal: number });
      // SIGKILL: nothing more to wait for; drop the sockets (Incus ends the command with them).
      if (signal === "SIGKILL") {
        data.terminate();
        control.terminate();
      }
    },
  };
}
