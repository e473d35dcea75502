"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ContainerSummary } from "@/lib/container-types";
import { containerKey, LOCAL_HOST } from "@/lib/hosts";
import { useCanAct } from "@/components/layout/current-user";
import { buttonClasses } from "@/components/ui/button";
import { SkeletonRows, SortableTh, Table, Td, Th, type SortDirection } from "@/components/ui/table";
import { ACTIONS_CELL, ContainerRow } from "./container-row";
import { useContainerList } from "./container-queries";
import { useSparklines } from "@/components/metrics/metrics-queries";

type SortKey = "name" | "state";
interface Sort {
  key: SortKey;
  direction: SortDirection;
}

/** Columns without the actions one, which only admins see. */
const DATA_COLUMNS = 10;
const SKELETON_ROWS = 4;

function sortContainers(list: ContainerSummary[], sort: Sort): ContainerSummary[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return [...list].sort((a, b) => {
    const primary = sort.key === "state" ? a.state.localeCompare(b.state) : 0;
    return sign * (primary || a.name.localeCompare(b.name));
  });
}

function matches(c: ContainerSummary, filter: string, host: string): boolean {
  if (host && (c.target ?? LOCAL_HOST) !== host) return false;
  const f = filter.trim().toLowerCase();
  return !f || c.name.toLowerCase().includes(f) || [...c.ipv4, ...c.ipv6].some((a) => a.includes(f)) || Boolean(c.member?.includes(f));
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
      <Link href="/create" prefetch={false} className={`${createLinkClass} mt-5`}>
        Create container
      </Link>
    </div>
  );
}

/** Which host's containers to show (the filter beside the box), when there is more than one. */
function HostFilter({ hosts, value, onChange }: { hosts: string[]; value: string; onChange: (host: string) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="container-host" className="text-xs font-medium text-muted">
        Host
      </label>
      <select id="container-host" value={value} onChange={(e) => onChange(e.target.value)} className="h-9 rounded-md border border-line bg-panel px-2 text-sm">
        <option value="">All hosts</option>
        {hosts.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A host whose rows may be out of date (its event stream down, not reached): said, never stale in silence. */
function HostNote({ text }: { text: string }) {
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      {text}
    </p>
  );
}

/** The home page: every container, live, like `lxc-ls --fancy`. */
export function ContainerTable() {
  const { data, error, isPending } = useContainerList();
  const { data: usage } = useSparklines();
  const [filter, setFilter] = useState("");
  const [host, setHost] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "name", direction: "ascending" });
  const filterRef = useRef<HTMLInputElement>(null);
  useSlashToFocus(filterRef);
  const canAct = useCanAct();
  // The Host column and filter only once there is more than one host (UI.md).
  const hosts = data?.hosts ?? [];
  const showHost = hosts.length > 0;
  const columns = DATA_COLUMNS + (canAct ? 1 : 0) + (showHost ? 1 : 0);

  const all = data?.containers;
  const shown = useMemo(
    () => (all ? sortContainers(all.filter((c) => matches(c, filter, showHost ? host : "")), sort) : []),
    [all, filter, sort, host, showHost],
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
          {showHost && <HostFilter hosts={[LOCAL_HOST, ...hosts.map((h) => h.name)]} value={host} onChange={setHost} />}
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
            <Link href="/create" prefetch={false} className={createLinkClass}>
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

      {hosts.map((h) => h.problem && <HostNote key={h.name} text={h.problem} />)}

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
              {showHost && <Th>Host</Th>}
              <SortableTh label="State" direction={directionOf("state")} onSort={() => sortBy("state")} />
              <Th>IPv4</Th>
              <Th>IPv6</Th>
              <Th>Services</Th>
              <Th>Unprivileged</Th>
              <Th>Autostart</Th>
              <Th className="text-right">Memory</Th>
              <Th>
                <span title="CPU and memory over the last 15 minutes">Usage</span>
              </Th>
              <Th className="text-right">PID</Th>
              {canAct && <Th className={ACTIONS_CELL}>Actions</Th>}
            </tr>
          </thead>
          <tbody>
            {isPending && <SkeletonRows rows={SKELETON_ROWS} columns={columns} />}
            {shown.map((c) => (
              <ContainerRow
                key={containerKey(c)}
                container={c}
                busy={data?.busy[containerKey(c)] ?? null}
                services={c.target ? undefined : data?.services[c.name]}
                usage={c.target ? undefined : usage?.[c.name]}
                canAct={canAct}
                showHost={showHost}
              />
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
