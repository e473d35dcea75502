import { isTerminalSessionId, MAX_TAB_NAME_LENGTH, type TerminalSessionView } from "@/lib/terminal-protocol";

/**
 * The Terminal page's tabs, as pure state: which of the user's sessions on a
 * container this page shows (each one a mounted, attached TerminalView),
 * which one is in front, and what is remembered across a reload.
 */

export interface TerminalTab {
  /** Stable for the tab's life (React key): a new tab's session id is not known when it opens. */
  key: string;
  /** Null until the server has attached a new tab to its new session. */
  sessionId: string | null;
  /** The session's name; null until the server names a new one. */
  name: string | null;
  /** Why the session ended, once it has. */
  ended: { code: number; reason: string } | null;
}

export interface TabsState {
  tabs: TerminalTab[];
  active: string | null;
}

/** What survives a reload (in sessionStorage, per container): the live sessions this page showed. */
export interface SavedTabs {
  active: string | null;
  sessions: Array<{ id: string; name: string }>;
}

export type TabsAction =
  | { type: "restore"; saved: SavedTabs }
  | { type: "new"; key: string }
  | { type: "select"; key: string }
  /** Attach a session listed on the server that this page does not show yet. */
  | { type: "adopt"; session: { id: string; name: string } }
  | { type: "attached"; key: string; sessionId: string; name: string }
  | { type: "ended"; key: string; code: number; reason: string }
  | { type: "close"; key: string };

export const NO_TABS: TabsState = { tabs: [], active: null };

function update(state: TabsState, key: string, change: Partial<TerminalTab>): TabsState {
  return { ...state, tabs: state.tabs.map((t) => (t.key === key ? { ...t, ...change } : t)) };
}

export function tabsReducer(state: TabsState, action: TabsAction): TabsState {
  switch (action.type) {
    case "restore": {
      const tabs = action.saved.sessions.map((s) => ({ key: s.id, sessionId: s.id, name: s.name, ended: null }));
      const active = tabs.some((t) => t.key === action.saved.active) ? action.saved.active : (tabs[0]?.key ?? null);
      return { tabs, active };
    }
    case "new":
      return { tabs: [...state.tabs, { key: action.key, sessionId: null, name: null, ended: null }], active: action.key };
    case "select":
      return state.tabs.some((t) => t.key === action.key) ? { ...state, active: action.key } : state;
    case "adopt": {
      const shown = state.tabs.find((t) => t.sessionId === action.session.id);
      if (shown) return { ...state, active: shown.key };
      const tab = { key: action.session.id, sessionId: action.session.id, name: action.session.name, ended: null };
      return { tabs: [...state.tabs, tab], active: tab.key };
    }
    case "attached":
      return update(state, action.key, { sessionId: action.sessionId, name: action.name });
    case "ended":
      return update(state, action.key, { ended: { code: action.code, reason: action.reason } });
    case "close": {
      const at = state.tabs.findIndex((t) => t.key === action.key);
      if (at === -1) return state;
      const tabs = state.tabs.filter((t) => t.key !== action.key);
      const active = state.active === action.key ? (tabs[Math.min(at, tabs.length - 1)]?.key ?? null) : state.active;
      return { tabs, active };
    }
  }
}

/** The live, attached tabs, for sessionStorage. */
export function savedTabs(state: TabsState): SavedTabs {
  const live = state.tabs.filter((t) => t.sessionId !== null && t.name !== null && t.ended === null);
  const active = live.find((t) => t.key === state.active)?.sessionId ?? null;
  return { active, sessions: live.map((t) => ({ id: t.sessionId!, name: t.name! })) };
}

/** Reads what savedTabs stored; anything else (another version, a hand edit) is null. */
export function parseSavedTabs(text: string | null): SavedTabs | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { active, sessions } = value as Record<string, unknown>;
  if (!Array.isArray(sessions)) return null;
  const valid = sessions.filter(
    (s): s is { id: string; name: string } =>
      typeof s === "object" &&
      s !== null &&
      typeof s.id === "string" &&
      isTerminalSessionId(s.id) &&
      typeof s.name === "string" &&
      s.name.length <= MAX_TAB_NAME_LENGTH,
  );
  return { active: typeof active === "string" && valid.some((s) => s.id === active) ? active : null, sessions: valid };
}

export function savedTabsKey(container: string): string {
  return `lxcd.terminal.${container}`;
}

/** A tab in the toolbar: the page's own tabs, then the user's other sessions on the container. */
export interface TabButton {
  key: string;
  label: string;
  /** A TerminalView is mounted for it (false: a session of the user's this page has not attached). */
  mounted: boolean;
  ended: boolean;
  session: { id: string; name: string } | null;
}

export function tabButtons(state: TabsState, listed: TerminalSessionView[]): TabButton[] {
  const shown = new Set(state.tabs.map((t) => t.sessionId));
  return [
    ...state.tabs.map((t) => ({
      key: t.key,
      label: t.name ?? "New shell…",
      mounted: true,
      ended: t.ended !== null,
      session: t.sessionId && t.name ? { id: t.sessionId, name: t.name } : null,
    })),
    ...listed
      .filter((s) => s.mine && !shown.has(s.id))
      .map((s) => ({ key: s.id, label: s.name, mounted: false, ended: false, session: { id: s.id, name: s.name } })),
  ];
}
