"use client";

import { useState, type ReactNode } from "react";
import { formatBytes } from "@/lib/format-units";
import type { ProcessRow } from "@/lib/process-types";
import { Skeleton } from "@/components/ui/skeleton";
import { ActionsTh, SortableTh, Table, TableMessageRow, Td, Th } from "@/components/ui/table";
import { CpuBar } from "./cpu-bar";
import { startedText, stateName, uidMappingText, userText } from "./process-format";
import { processKey, type DisplayRow, type ProcessSort, type ProcessSortKey } from "./process-order";

/** Rows under one heading: a container's processes in the host view; one unnamed group on a container's tab. */
export interface ProcessGroup<R extends ProcessRow> {
  key: string;
  /** Shown as the group's heading row and its accessible name; null for no heading. */
  label: string | null;
  /** Shown after the label in the heading row (totals, a link). */
  extra?: ReactNode;
  rows: DisplayRow<R>[];
}

export interface ProcessTableProps<R extends ProcessRow> {
  groups: ProcessGroup<R>[];
  sort: ProcessSort;
  onSort: (key: ProcessSortKey) => void;
  /** The row's actions (an admin's signal buttons); without it there is no actions column. */
  actions?: (row: R) => ReactNode;
  /** Skeleton rows while the first answer is awaited. */
  loading?: boolean;
  /** One full-width row instead of processes ("not running", "nothing matches"). */
  message?: ReactNode;
}

const DATA_COLUMNS = 10;
const SKELETON_ROWS = 6;
const num = "text-right font-mono tabular-nums";
/** Threads and Started give way to the command below 1536 px. */
const WIDE_ONLY = "hidden 2xl:table-cell";
/**
 * The actions stay in view while the table scrolls sideways. Being positioned
 * also keeps the header's sr-only text inside the scrolling wrapper, so it
 * cannot widen the page.
 */
const STICKY_END = "sticky right-0 whitespace-nowrap";

/**
 * The process table both views share. Rows are keyed by process identity, so
 * a refresh updates cells in place: scroll, text selection and the selected
 * row (a click marks it, as htop's cursor) survive it.
 */
export function ProcessTable<R extends ProcessRow>({ groups, sort, onSort, actions, loading, message }: ProcessTableProps<R>) {
  const [selected, setSelected] = useState<string | null>(null);
  const columns = DATA_COLUMNS + (actions ? 1 : 0);
  const direction = (key: ProcessSortKey) => (sort.key === key ? sort.direction : null);
  const now = new Date();

  function select(key: string) {
    // Selecting text to copy it is not a click on the row.
    if (window.getSelection()?.toString()) return;
    setSelected((current) => (current === key ? null : key));
  }

  return (
    <Table label="Processes">
      <thead>
        <tr>
          <SortableTh label="PID" direction={direction("pid")} onSort={() => onSort("pid")} className="text-right" />
          <Th className="text-right">Host PID</Th>
          <SortableTh label="User" direction={direction("user")} onSort={() => onSort("user")} />
          <Th>Host UID</Th>
          <Th>State</Th>
          <SortableTh label="CPU %" direction={direction("cpu")} onSort={() => onSort("cpu")} />
          <SortableTh label="Memory" direction={direction("memory")} onSort={() => onSort("memory")} className="text-right" />
          <Th className={`${WIDE_ONLY} text-right`}>Threads</Th>
          <Th className={WIDE_ONLY}>Started</Th>
          <Th className="w-full">Command</Th>
          {actions && (
            <ActionsTh className={STICKY_END} />
          )}
        </tr>
      </thead>
      {loading ? (
        <tbody aria-busy="true">
          {Array.from({ length: SKELETON_ROWS }, (_, i) => (
            <tr key={i}>
              <Td colSpan={columns}>
                <Skeleton className="h-4 w-full" />
              </Td>
            </tr>
          ))}
        </tbody>
      ) : message ? (
        <tbody>
          <TableMessageRow columns={columns}>{message}</TableMessageRow>
        </tbody>
      ) : (
        groups.map((group) => (
          <tbody key={group.key} aria-label={group.label ?? undefined}>
            {group.label !== null && (
              <tr>
                <th
                  scope="rowgroup"
                  colSpan={columns}
                  className="h-9 border-b border-line bg-panel-raised/60 px-3 text-left text-sm font-normal"
                >
                  <span className="font-mono font-semibold">{group.label}</span>
                  {group.extra}
                </th>
              </tr>
            )}
            {group.rows.map(({ row, depth }) => {
              const key = processKey(row);
              const isSelected = selected === key;
              return (
                <tr
                  key={key}
                  onClick={() => select(key)}
                  data-selected={isSelected || undefined}
                  className={isSelected ? "bg-accent/10" : "hover:bg-panel-raised/60"}
                >
                  <Td className={num}>{row.pid}</Td>
                  <Td className={`${num} text-muted`}>{row.hostPid}</Td>
                  <Td className="font-mono whitespace-nowrap">{userText(row)}</Td>
                  <Td className="font-mono whitespace-nowrap">{uidMappingText(row)}</Td>
                  <Td className="relative font-mono" title={stateName(row.state)}>
                    {row.state}
                    <span className="sr-only"> ({stateName(row.state)})</span>
                  </Td>
                  <Td>
                    <CpuBar percent={row.cpuPercent} />
                  </Td>
                  <Td className={`${num} whitespace-nowrap`}>{formatBytes(row.rssBytes)}</Td>
                  <Td className={`${WIDE_ONLY} ${num}`}>{row.threads}</Td>
                  <Td className={`${WIDE_ONLY} font-mono whitespace-nowrap text-muted`}>{startedText(row.startTime, now)}</Td>
                  <Td className="font-mono">
                    <div className="max-w-[28ch] truncate 2xl:max-w-[48ch]" title={row.command} style={{ paddingLeft: `${depth * 1.25}rem` }}>
                      {depth > 0 && (
                        <span aria-hidden="true" className="text-muted">
                          └─{" "}
                        </span>
                      )}
                      {row.command}
                    </div>
                  </Td>
                  {actions && <Td className={`${STICKY_END} bg-panel`}>{actions(row)}</Td>}
                </tr>
              );
            })}
          </tbody>
        ))
      )}
    </Table>
  );
}
