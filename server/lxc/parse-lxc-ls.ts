import { UnexpectedOutput } from "./errors";
import { readPid, readSize, readState } from "./parse-fields";
import type { ContainerSummary } from "./types";

/** The columns listContainers asks lxc-ls for, in this order. */
export const LXC_LS_COLUMNS = ["NAME", "STATE", "PID", "RAM", "AUTOSTART", "IPV4", "IPV6", "UNPRIVILEGED"] as const;
export type LxcLsColumn = (typeof LXC_LS_COLUMNS)[number];
type Column = LxcLsColumn;

interface ColumnSpan {
  start: number;
  end: number;
}

/**
 * Parses `lxc-ls -f -F NAME,STATE,PID,RAM,AUTOSTART,IPV4,IPV6,UNPRIVILEGED`.
 *
 * Columns are padded with spaces and a cell can itself hold spaces (several
 * addresses are joined by ", "), so splitting on whitespace is wrong. Each
 * column starts where its title starts in the header line; lxc-ls pads with
 * printf("%-*s"), i.e. in bytes, so rows are cut by byte offsets (a container
 * made by hand may have a non-ASCII name). No containers: empty output.
 */
export function parseLxcLs(stdout: string, columns: readonly Column[] = LXC_LS_COLUMNS): ContainerSummary[] {
  const lines = stdout.split("\n").filter((l) => l.trim() !== "");
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  const spans = columnSpans(header, columns);
  return rows.map((row) => parseLxcLsRow(Buffer.from(row, "utf8"), spans));
}

/** Spans of the columns asked for; a column not asked for reads as empty. */
function columnSpans(header: string, columns: readonly Column[]): Partial<Record<Column, ColumnSpan>> {
  const starts = [...header.matchAll(/\S+/g)].map((m) => ({ title: m[0], start: m.index }));
  const spans: Partial<Record<Column, ColumnSpan>> = {};
  for (const column of columns) {
    const i = starts.findIndex((s) => s.title === column);
    if (i < 0) throw new UnexpectedOutput("lxc-ls", `no ${column} column`);
    spans[column] = { start: starts[i]!.start, end: starts[i + 1]?.start ?? Infinity };
  }
  return spans;
}

function parseLxcLsRow(row: Buffer, spans: Partial<Record<Column, ColumnSpan>>): ContainerSummary {
  const cell = (column: Column): string => {
    const span = spans[column];
    if (!span) return "";
    const { start, end } = span;
    const text = row.subarray(start, Math.min(end, row.length)).toString("utf8").trim();
    return text === "-" ? "" : text;
  };
  const name = cell("NAME");
  const state = readState(cell("STATE"));
  if (!name || !state) throw new UnexpectedOutput("lxc-ls", `row "${row.toString("utf8").trim()}"`);
  return {
    name,
    state,
    pid: readPid(cell("PID")),
    memoryBytes: readSize(cell("RAM")),
    autostart: cell("AUTOSTART") === "1",
    ipv4: addressList(cell("IPV4")),
    ipv6: addressList(cell("IPV6")),
    unprivileged: cell("UNPRIVILEGED") === "true",
  };
}

function addressList(text: string): string[] {
  return text === "" ? [] : text.split(",").map((a) => a.trim()).filter(Boolean);
}
