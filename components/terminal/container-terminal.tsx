"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { endTerminalSession } from "@/app/containers/[name]/terminal/actions";
import { queryKeys } from "@/lib/query-keys";
import { ContainerNotFound } from "@/components/containers/container-not-found";
import { ContainerPageHeader } from "@/components/containers/container-page-header";
import { containerHref, containerKey } from "@/lib/hosts";
import { HostContainerHeader } from "@/components/hosts/host-container-header";
import { useAnyContainer } from "@/components/hosts/host-container-queries";
import { useToast } from "@/components/ui/toast";
import { fetchTerminalTicket, useTerminalSessions } from "./terminal-queries";
import { TerminalSessionList } from "./terminal-session-list";
import {
  NO_TABS,
  parseSavedTabs,
  savedTabs,
  savedTabsKey,
  tabButtons,
  tabsReducer,
  type TabButton,
} from "./terminal-tabs";
import { TerminalView } from "./terminal-view";
import { ToolbarButton } from "./toolbar-button";

/** Height of the terminal box: most of the window, never so small a shell is useless. */
const TERMINAL_BOX = "h-[calc(100dvh-15rem)] min-h-96";

function readSaved(container: string) {
  try {
    return parseSavedTabs(sessionStorage.getItem(savedTabsKey(container)));
  } catch {
    return null; // storage disabled: every reload opens a new shell
  }
}

function writeSaved(container: string, state: Parameters<typeof savedTabs>[0]): void {
  const saved = savedTabs(state);
  try {
    if (saved.sessions.length === 0) sessionStorage.removeItem(savedTabsKey(container));
    else sessionStorage.setItem(savedTabsKey(container), JSON.stringify(saved));
  } catch {
    // Storage disabled or full: the shells live on; only reattaching after a reload is lost.
  }
}

/**
 * A container's Terminal tab: the user's shells in it as tabs (each stays
 * attached while another is in front), New tab, and the list of everyone's
 * open sessions. The shells the page shows are remembered per browser tab,
 * so a reload reattaches to them.
 */
export function ContainerTerminal({ name: containerName, target }: { name: string; target?: string }) {
  // Sessions, tickets and saved tabs are keyed by NAME for a classic container, TARGET/NAME for an Incus one.
  const name = containerKey({ name: containerName, target });
  const { data: container, isPending } = useAnyContainer(containerName, target);
  const running = container?.state === "RUNNING";
  const sessions = useTerminalSessions(name, container != null);
  const [state, dispatch] = useReducer(tabsReducer, NO_TABS);
  const [closing, setClosing] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const started = useRef(false);
  const nextKey = useRef(0);
  const tablist = useRef<HTMLDivElement>(null);

  const newTabKey = () => `new-${++nextKey.current}`;
  const refreshSessions = () => void queryClient.invalidateQueries({ queryKey: queryKeys.terminalSessions(name) });

  // The first time the container is seen running: reattach what this browser tab had open, or open a shell.
  useEffect(() => {
    if (started.current || !running) return;
    started.current = true;
    const saved = readSaved(name);
    dispatch(saved && saved.sessions.length > 0 ? { type: "restore", saved } : { type: "new", key: newTabKey() });
  }, [running, name]);

  useEffect(() => {
    if (started.current) writeSaved(name, state);
  }, [name, state]);

  if (container === null) return <ContainerNotFound name={containerName} />;

  const buttons = tabButtons(state, sessions.data ?? []);
  const activeTab = state.tabs.find((t) => t.key === state.active) ?? null;

  function select(button: TabButton) {
    if (button.mounted) dispatch({ type: "select", key: button.key });
    else if (button.session) dispatch({ type: "adopt", session: button.session });
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, at: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0 || buttons.length === 0) return;
    event.preventDefault();
    const next = buttons[(at + step + buttons.length) % buttons.length]!;
    select(next);
    tablist.current?.querySelector<HTMLButtonElement>(`[data-tab="${CSS.escape(next.key)}"]`)?.focus();
  }

  async function closeActiveTab() {
    if (!activeTab) return;
    // A live shell is ended on the server, not just left detached until the idle timeout.
    if (activeTab.sessionId && !activeTab.ended) {
      setClosing(true);
      try {
        const result = await endTerminalSession(activeTab.sessionId);
        if (!result.ok) toast({ tone: "error", content: result.error });
      } catch {
        toast({ tone: "error", content: "Could not reach the dashboard to end the shell; try again." });
        return;
      } finally {
        setClosing(false);
        refreshSessions();
      }
    }
    dispatch({ type: "close", key: activeTab.key });
  }

  const toolbar = (
    <>
      <div
        ref={tablist}
        role="tablist"
        aria-label={`Terminal sessions on ${containerName}`}
        className="flex min-w-0 items-center gap-1 overflow-x-auto"
      >
        {buttons.map((b, i) => {
          const selected = b.key === state.active;
          return (
            <button
              key={b.key}
              type="button"
              role="tab"
              data-tab={b.key}
              aria-selected={selected}
              tabIndex={selected || (state.active === null && i === 0) ? 0 : -1}
              onClick={() => select(b)}
              onKeyDown={(e) => onTabKey(e, i)}
              title={b.mounted ? undefined : "Open in this tab (takes it over from any other window)"}
              className={`h-7 max-w-48 shrink-0 truncate rounded px-2.5 font-mono text-xs focus-visible:outline-2 focus-visible:outline-sky-400 ${
                selected ? "bg-white/15 text-white" : "text-zinc-300 hover:bg-white/10 hover:text-white"
              } ${b.ended ? "line-through decoration-zinc-500" : ""}`}
            >
              {b.label}
            </button>
          );
        })}
      </div>
      <ToolbarButton onClick={() => dispatch({ type: "new", key: newTabKey() })} disabled={!running}>
        New tab
      </ToolbarButton>
      <ToolbarButton onClick={() => void closeActiveTab()} disabled={!activeTab || closing}>
        Close tab
      </ToolbarButton>
    </>
  );

  return (
    <div className="flex flex-col gap-6">
      {target ? <HostContainerHeader target={target} name={containerName} current="Terminal" /> : <ContainerPageHeader name={containerName} current="Terminal" />}

      {state.tabs.length > 0 ? (
        <div className={TERMINAL_BOX}>
          {state.tabs.map((tab) => (
            <div key={tab.key} hidden={tab.key !== state.active} className="h-full">
              <TerminalView
                container={name}
                sessionId={tab.sessionId ?? undefined}
                getTicket={fetchTerminalTicket}
                toolbar={toolbar}
                active={tab.key === state.active}
                onSession={(info) => {
                  dispatch({ type: "attached", key: tab.key, sessionId: info.sessionId, name: info.name });
                  refreshSessions();
                }}
                onEnded={(code, reason) => {
                  dispatch({ type: "ended", key: tab.key, code, reason });
                  refreshSessions();
                }}
              />
            </div>
          ))}
        </div>
      ) : (
        <div className={`${TERMINAL_BOX} flex items-center justify-center rounded-md bg-[#0b0d10] p-6 text-center text-sm text-zinc-200`}>
          {isPending || running ? (
            <span aria-busy="true">Opening a shell…</span>
          ) : container ? (
            <p role="status">
              <span className="font-mono">{containerName}</span> is not running ({container.state}), so there is no shell to open.
              Start it from the{" "}
              <Link href={containerHref({ name: containerName, target })} className="text-sky-300 underline">
                container page
              </Link>
              , then come back.
            </p>
          ) : (
            <p role="alert">The container could not be loaded; the terminal opens once it can be.</p>
          )}
        </div>
      )}

      <TerminalSessionList container={name} sessions={sessions.data} error={sessions.error} />
    </div>
  );
}
