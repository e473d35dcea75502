"use client";

import { useId } from "react";

/** The filter box and the tree toggle over a process table. */
export function ProcessControls({
  filter,
  onFilter,
  tree,
  onTree,
}: {
  filter: string;
  onFilter: (text: string) => void;
  tree: boolean;
  onTree: (tree: boolean) => void;
}) {
  const filterId = useId();
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={filterId} className="text-xs font-medium text-muted">
          Filter processes
        </label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(e) => onFilter(e.target.value)}
          placeholder="command, user or PID"
          autoComplete="off"
          className="h-9 w-64 rounded-md border border-line bg-panel px-2.5 text-sm"
        />
      </div>
      <button
        type="button"
        aria-pressed={tree}
        onClick={() => onTree(!tree)}
        className={`h-9 rounded-md border px-3 text-sm ${
          tree ? "border-accent bg-accent/10 font-medium text-ink" : "border-line bg-panel text-muted hover:text-ink"
        }`}
      >
        Tree view
      </button>
    </div>
  );
}
