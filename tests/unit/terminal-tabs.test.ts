import { describe, expect, it } from "vitest";
import type { TerminalSessionView } from "@/lib/terminal-protocol";
import {
  NO_TABS,
  parseSavedTabs,
  savedTabs,
  tabButtons,
  tabsReducer,
  type TabsAction,
  type TabsState,
} from "@/components/terminal/terminal-tabs";

const A = "0f8fad5b-d9cb-469f-a165-70867728950e";
const B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const C = "16fd2706-8baf-433b-82eb-8c7fada847da";

const run = (...actions: TabsAction[]): TabsState => actions.reduce(tabsReducer, NO_TABS);

const listed = (id: string, name: string, mine = true): TerminalSessionView => ({
  id,
  name,
  user: mine ? "alice" : "bob",
  openedAt: "2026-01-01T00:00:00.000Z",
  attached: false,
  mine,
});

describe("terminal tabs", () => {
  it("a new tab is in front at once and learns its session and name when attached", () => {
    const state = run({ type: "new", key: "new-1" }, { type: "attached", key: "new-1", sessionId: A, name: "shell 1" });
    expect(state).toEqual({ tabs: [{ key: "new-1", sessionId: A, name: "shell 1", ended: null }], active: "new-1" });
  });

  it("remembers only live, attached tabs, and which one was in front", () => {
    const state = run(
      { type: "new", key: "new-1" },
      { type: "attached", key: "new-1", sessionId: A, name: "shell 1" },
      { type: "new", key: "new-2" }, // not attached yet
      { type: "adopt", session: { id: B, name: "shell 2" } },
      { type: "adopt", session: { id: C, name: "shell 3" } },
      { type: "ended", key: C, code: 1000, reason: "The shell exited." },
      { type: "select", key: B },
    );
    expect(savedTabs(state)).toEqual({ active: B, sessions: [{ id: A, name: "shell 1" }, { id: B, name: "shell 2" }] });
  });

  it("a reload restores the saved tabs with the same one in front", () => {
    const saved = { active: B, sessions: [{ id: A, name: "shell 1" }, { id: B, name: "logs" }] };
    const state = run({ type: "restore", saved: parseSavedTabs(JSON.stringify(saved))! });
    expect(state.active).toBe(B);
    expect(state.tabs.map((t) => [t.key, t.sessionId, t.name])).toEqual([[A, A, "shell 1"], [B, B, "logs"]]);
    expect(savedTabs(state)).toEqual(saved);
  });

  it("reads nothing usable from a damaged or foreign saved value", () => {
    expect(parseSavedTabs(null)).toBeNull();
    expect(parseSavedTabs("{not json")).toBeNull();
    expect(parseSavedTabs(JSON.stringify({ sessions: "x" }))).toBeNull();
    const parsed = parseSavedTabs(
      JSON.stringify({ active: "../x", sessions: [{ id: "../x", name: "evil" }, { id: A, name: "ok" }, { id: B, name: 7 }] }),
    );
    expect(parsed).toEqual({ active: null, sessions: [{ id: A, name: "ok" }] });
  });

  it("closing the tab in front brings its neighbour forward", () => {
    const state = run(
      { type: "adopt", session: { id: A, name: "a" } },
      { type: "adopt", session: { id: B, name: "b" } },
      { type: "adopt", session: { id: C, name: "c" } },
      { type: "select", key: B },
      { type: "close", key: B },
    );
    expect(state.active).toBe(C);
    expect(tabsReducer(tabsReducer(state, { type: "close", key: C }), { type: "close", key: A })).toEqual(NO_TABS);
  });

  it("adopting a session already shown selects its tab instead of mounting a second view", () => {
    const state = run(
      { type: "new", key: "new-1" },
      { type: "attached", key: "new-1", sessionId: A, name: "shell 1" },
      { type: "new", key: "new-2" },
      { type: "adopt", session: { id: A, name: "shell 1" } },
    );
    expect(state.tabs).toHaveLength(2);
    expect(state.active).toBe("new-1");
  });

  it("shows the page's tabs, then the user's other sessions on the container, never someone else's", () => {
    const state = run({ type: "new", key: "new-1" }, { type: "attached", key: "new-1", sessionId: A, name: "shell 1" }, { type: "new", key: "new-2" });
    const buttons = tabButtons(state, [listed(A, "shell 1"), listed(B, "build"), listed(C, "bob's", false)]);
    expect(buttons.map((b) => [b.label, b.mounted])).toEqual([
      ["shell 1", true],
      ["New shell…", true],
      ["build", false],
    ]);
  });
});
