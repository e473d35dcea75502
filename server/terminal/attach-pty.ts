import { spawn } from "node-pty";
import type { TerminalSize } from "@/lib/terminal-protocol";
import { TERMINAL_TERM, type AttachCommand } from "./attach-command";

export interface PtyExit {
  exitCode: number;
  /** The signal that ended the process; 0 when it exited by itself. */
  signal: number;
}

/** The part of a pty a terminal session uses; bytes in and out, never strings. */
export interface TerminalPty {
  readonly pid: number;
  onData(listener: (chunk: Buffer) => void): void;
  onExit(listener: (exit: PtyExit) => void): void;
  write(data: Uint8Array): void;
  resize(size: TerminalSize): void;
  pause(): void;
  resume(): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the command in a new pty. Throws when it cannot be spawned. */
export function spawnAttachPty(command: AttachCommand, size: TerminalSize): TerminalPty {
  const pty = spawn(command.file, command.args, {
    name: TERMINAL_TERM,
    cols: size.cols,
    rows: size.rows,
    cwd: "/",
    env: command.env,
    // Bytes, not strings: a UTF-8 character split across two reads stays
    // intact, and xterm.js decodes the byte stream itself.
    encoding: null,
  });
  return {
    pid: pty.pid,
    // With `encoding: null` node-pty hands out Buffers; its typings say string.
    onData: (listener) => void pty.onData((data) => listener(data as unknown as Buffer)),
    onExit: (listener) => void pty.onExit(({ exitCode, signal }) => listener({ exitCode, signal: signal ?? 0 })),
    write: (data) => pty.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
    resize: ({ cols, rows }) => {
      try {
        pty.resize(cols, rows);
      } catch {
        // The pty closed a moment ago; its exit is on its way.
      }
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    kill: (signal) => pty.kill(signal),
  };
}
