"use client";

import { useMemo, useState } from "react";
import type { ProcessRow } from "@/lib/process-types";
import { DEFAULT_PROCESS_SORT, filterProcesses, nextSort, orderProcesses, type ProcessSort, type ProcessSortKey } from "./process-order";

/** What the person chose over a process table: filter text, sort and tree view; and the ordering function they imply. */
export function useProcessViewState() {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<ProcessSort>(DEFAULT_PROCESS_SORT);
  const [tree, setTree] = useState(false);
  const order = useMemo(
    () =>
      <R extends ProcessRow>(rows: readonly R[]) =>
        orderProcesses(filterProcesses(rows, filter), sort, tree),
    [filter, sort, tree],
  );
  return {
    filter,
    setFilter,
    sort,
    sortBy: (key: ProcessSortKey) => setSort((current) => nextSort(current, key)),
    tree,
    setTree,
    order,
  };
}
