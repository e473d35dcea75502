"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ContainerSummary } from "@/lib/container-types";
import { useCanAct } from "@/components/layout/current-user";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { SortableTh, Table, Td, Th, type SortDirection } from "@/components/ui/table";
import { ACTIONS_CELL, ContainerRow } from "./container-row";
import { useContainerList } from "./container-queries";

type SortKey = "name" | "state";
interface Sort {
  key: SortKey;
  direction: SortDirection;
}

/** Columns without the actions one, which only admins see. */
const DATA_COLUMNS = 8;
const SKELETON_ROWS = 4;

function sortContainers(list: ContainerSummary[], sort: Sort): ContainerSummary[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return [...list].sort((a, b) => {
    const primary = sort.key === "state" ? a.state.localeCompare(b.state) : 0;
    return sign * (primary || a.name.localeCompare(b.name));
  });
}

function matches(c: ContainerSummary, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return !f || c.name.toLowerCase().includes(f) || [...c.ipv4, ...c.ipv6].some((a) => a.includes(f));
}

/** "/" focuses the filter box, unless the user is typing somewhere already. */
function useSlashToFocus(ref: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      ref.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [ref]);
}

const createLinkClass = buttonClasses("primary");

function EmptyState({ canAct }: { canAct: boolean }) {
  if (!canAct) {
    return (
      <div className="rounded-md border border-dashed border-line bg-panel px-6 py-10 text-center">
        <p className="text-base font-medium">There are no containers on this host yet.</p>
        <p className="mt-1 text-sm text-muted">An admin can create one from the dashboard.</p>
      </div>
    );
  }
  return (
    <div className="rounded-md border border-dashed border-line bg-panel px-6 py-10 text-center">
      <p className="text-base font-medium">There are no containers on this host yet.</p>
      <p className="mt-1 text-sm text-muted">
        Create one from a template; the form shows the exact command before it runs, for example{" "}
        <code className="font-mono text-xs text-ink">lxc-create -n web -t busybox</code>.
      </p>
      <Link href="/create" className={`${createLinkClass} mt-5`}>
        Create container
      </Link>
    </div>
  );
}

/** The home page: every container, live, like `lxc-ls --fancy`. */
export function ContainerTable() {
  const { data, error, isPending } = useContainerList();
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "name", direction: "ascending" });
  const filterRef = useRef<HTMLInputElement>(null);
  useSlashToFocus(filterRef);
  const canAct = useCanAct();
  const columns = DATA_COLUMNS + (canAct ? 1 : 0);

  const all = data?.containers;
  const shown = useMemo(
    () => (all ? sortContainers(all.filter((c) => matches(c, filter)), sort) : []),
    [all, filter, sort],
  );
  const empty = all !== undefined && all.length === 0 && !data?.toolsMissing;

  function sortBy(key: SortKey) {
    setSort((s) => ({
      key,
      direction: s.key === key && s.direction === "ascending" ? "descending" : "ascending",
    }));
  }
  const directionOf = (key: SortKey) => (sort.key === key ? sort.direction : null);
  const running = all?.filter((c) => c.state === "RUNNING").length ?? 0;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Containers</h1>
          <p className="h-5 text-sm text-muted" aria-live="polite">
            {all ? `${all.length} ${all.length === 1 ? "container" : "containers"}, ${running} running` : ""}
          </p>
        </div>
        <div className="flex w-full items-end gap-3 sm:w-auto">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <label htmlFor="container-filter" className="text-xs font-medium text-muted">
              Filter
            </label>
            <div className="relative">
              <input
                id="container-filter"
                ref={filterRef}
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="name or address"
                autoComplete="off"
                aria-keyshortcuts="/"
                className="h-9 w-full rounded-md border border-line bg-panel pr-7 pl-2.5 text-sm sm:w-56"
              />
              <kbd
                aria-hidden="true"
                className="absolute top-2 right-2 rounded border border-line px-1 font-mono text-[10px] text-muted"
              >
                /
              </kbd>
            </div>
          </div>
          {canAct && !empty && (
            <Link href="/create" className={createLinkClass}>
              Create container
            </Link>
          )}
        </div>
      </div>

      {data?.toolsMissing && (
        <p className="text-sm text-muted">
          No containers can be listed: the lxc tools are not installed (the banner above has the command).
        </p>
      )}

      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {data
            ? `The last refresh failed (${error.message}); showing the list as it was.`
            : `The container list could not be loaded: ${error.message}`}
        </p>
      )}

      {empty ? (
        <EmptyState canAct={canAct} />
      ) : (
        <Table label="Containers">
          <thead>
            <tr>
              <SortableTh label="Name" direction={directionOf("name")} onSort={() => sortBy("name")} />
              <SortableTh label="State" direction={directionOf("state")} onSort={() => sortBy("state")} />
              <Th>IPv4</Th>
              <Th>IPv6</Th>
              <Th>Unprivileged</Th>
              <Th>Autostart</Th>
              <Th className="text-right">Memory</Th>
              <Th className="text-right">PID</Th>
              {canAct && <Th className={ACTIONS_CELL}>Actions</Th>}
            </tr>
          </thead>
          <tbody>
            {isPending &&
              Array.from({ length: SKELETON_ROWS }, (_, i) => (
                <tr key={i}>
                  {Array.from({ length: columns }, (_, j) => (
                    <Td key={j}>
                      <Skeleton className="h-3.5 w-full max-w-24" />
                    </Td>
                  ))}
                </tr>
              ))}
            {shown.map((c) => (
              <ContainerRow key={c.name} container={c} busy={data?.busy[c.name] ?? null} canAct={canAct} />
            ))}
            {all && all.length > 0 && shown.length === 0 && (
              <tr>
                <Td colSpan={columns} className="text-center text-muted">
                  No container matches “{filter.trim()}”.
                </Td>
              </tr>
            )}
          </tbody>
        </Table>
      )}
    </div>
  );
}
