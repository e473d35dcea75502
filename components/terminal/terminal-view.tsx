"use client";

import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Terminal } from "@xterm/xterm";
import type { SessionInfo } from "@/lib/terminal-protocol";
import { TerminalConnection, type ConnectionState } from "./terminal-connection";
import { ToolbarButton } from "./toolbar-button";

export interface TerminalViewProps {
  container: string;
  /**
   * The session to reattach to; read once when the view mounts. To switch to
   * another session, mount the view again (give it a different `key`).
   */
  sessionId?: string;
  /** The tab name for a new session. */
  name?: string;
  /** Mints a single-use ticket for this container (a fresh one per connection). */
  getTicket: (container: string) => Promise<string>;
  /** Told the session's id and name once attached (to remember it across reloads). */
  onSession?: (session: SessionInfo) => void;
  /** Told when the session has ended for good, with why. */
  onEnded?: (code: number, reason: string) => void;
  /** Goes at the start of the toolbar (the page's session tabs, say). */
  toolbar?: ReactNode;
  /** False while another tab is in front (the view stays attached, hidden); becoming true focuses it. */
  active?: boolean;
}

const THEME = {
  background: "#0b0d10",
  foreground: "#d6dde6",
  cursor: "#d6dde6",
  selectionBackground: "#3b4a5c",
};

function describeState(state: ConnectionState): string {
  switch (state.status) {
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return `Connection lost; reconnecting in ${Math.ceil(state.delayMs / 1000)} s (attempt ${state.attempt})…`;
    case "ended":
      return `Ended: ${state.reason}`;
  }
}

/** xterm.js sends some keys as a "binary string" (one char per byte). */
function binaryStringBytes(data: string): Uint8Array {
  return Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * A terminal attached to a shell in a container: xterm.js with the fit
 * addon, following the size of its box; copy on select, a Paste button, full
 * screen; reconnects by itself after a dropped connection.
 */
export function TerminalView(props: TerminalViewProps) {
  const frameRef = useRef<HTMLElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  // Read by the effect without making it re-run (a re-run would mean a new connection).
  const propsRef = useRef(props);
  useEffect(() => {
    propsRef.current = props;
  });
  const [state, setState] = useState<ConnectionState>({ status: "connecting" });
  const [fullScreen, setFullScreen] = useState(false);
  const { container, active = true } = props;

  useEffect(() => {
    let cleanup: (() => void) | null = null;
    let unmounted = false;
    (async () => {
      // xterm touches `window` when imported: load it here, in the browser only.
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      const screen = screenRef.current;
      if (unmounted || !screen) return;
      const terminal = new Terminal({
        cursorBlink: true,
        fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace',
        fontSize: 13,
        scrollback: 5000,
        theme: THEME,
      });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.open(screen);
      fit.fit();

      const { sessionId, name, getTicket } = propsRef.current;
      const connection = new TerminalConnection({
        container,
        sessionId,
        name,
        getTicket: (c) => getTicket(c),
        size: () => (terminal.cols > 0 && terminal.rows > 0 ? { cols: terminal.cols, rows: terminal.rows } : null),
        sink: {
          reset: () => terminal.reset(),
          write: (data, rendered) => terminal.write(data, rendered),
        },
        onState: (next) => {
          setState(next);
          if (next.status === "connected") propsRef.current.onSession?.(next.session);
          if (next.status === "ended") propsRef.current.onEnded?.(next.code, next.reason);
        },
      });
      terminal.onData((data) => connection.sendInput(data));
      terminal.onBinary((data) => connection.sendInput(binaryStringBytes(data)));
      terminal.onResize(({ cols, rows }) => connection.resize(cols, rows));
      terminal.onSelectionChange(() => {
        const selected = terminal.getSelection();
        // The clipboard API exists only on https or localhost; elsewhere Ctrl+Shift+C still works.
        if (selected) navigator.clipboard?.writeText(selected).catch(() => {});
      });
      terminalRef.current = terminal;
      const resizeObserver = new ResizeObserver(() => {
        if (screen.clientWidth > 0 && screen.clientHeight > 0) fit.fit();
      });
      resizeObserver.observe(screen);
      connection.start();
      if (propsRef.current.active !== false) terminal.focus();

      cleanup = () => {
        resizeObserver.disconnect();
        connection.dispose();
        terminal.dispose();
        terminalRef.current = null;
      };
    })();
    return () => {
      unmounted = true;
      cleanup?.();
    };
  }, [container]);

  useEffect(() => {
    if (active) terminalRef.current?.focus();
  }, [active]);

  useEffect(() => {
    const onChange = () => setFullScreen(document.fullscreenElement === frameRef.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  async function paste() {
    try {
      const text = await navigator.clipboard.readText();
      if (text) terminalRef.current?.paste(text);
    } catch {
      // Clipboard reading needs https (or localhost) and the user's permission; Ctrl+Shift+V works regardless.
    }
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frameRef.current?.requestFullscreen();
  }

  const ended = state.status === "ended";
  return (
    <section ref={frameRef} aria-label="Terminal" className="flex h-full min-h-80 flex-col overflow-hidden rounded-md bg-[#0b0d10]">
      {/* On a phone the page's tab controls take the first line and the rest wrap below them. */}
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-white/10 px-2 py-1 text-xs text-zinc-300">
        <div className="flex min-w-0 flex-auto items-center gap-1">{props.toolbar}</div>
        <span role="status" aria-live="polite" className={ended ? "text-amber-300" : "text-zinc-400"}>
          {describeState(state)}
        </span>
        <ToolbarButton onClick={paste} disabled={state.status !== "connected"}>
          Paste
        </ToolbarButton>
        <ToolbarButton onClick={toggleFullScreen} aria-pressed={fullScreen}>
          {fullScreen ? "Exit full screen" : "Full screen"}
        </ToolbarButton>
      </div>
      <div className="relative min-h-0 flex-1">
        <div ref={screenRef} className="absolute inset-0 p-1" />
      </div>
      {ended && (
        // Below the screen, not over it: the shell's last lines stay readable.
        <div className="border-t border-white/10 px-3 py-2 text-sm text-amber-200" role="alert">
          {state.reason}
        </div>
      )}
    </section>
  );
}
