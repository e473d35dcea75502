"use client";

import type { BackupView } from "@/lib/backup-types";
import { formatBytes, formatTimestamp } from "@/lib/format-units";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyNote } from "@/components/ui/empty-note";
import { Menu, MenuItem } from "@/components/ui/menu";
import { ActionsTh, Table, Td, Th } from "@/components/ui/table";

export type BackupChoice = "restore" | "delete";

/** Backups: name, time, size, comment and checksum; download, restore and delete in the row menu. */
export function BackupTable({
  backups,
  showContainer,
  canAct,
  onChoose,
}: {
  backups: BackupView[];
  showContainer: boolean;
  canAct: boolean;
  onChoose: (choice: BackupChoice, backup: BackupView) => void;
}) {
  if (backups.length === 0) return <EmptyNote>No backups yet.</EmptyNote>;
  return (
    <Table label="Backups">
      <thead>
        <tr>
          <Th>Name</Th>
          {showContainer && <Th>Container</Th>}
          <Th>Made</Th>
          <Th className="text-right">Size</Th>
          <Th className="w-full">Comment</Th>
          <Th>SHA-256</Th>
          {canAct && <ActionsTh />}
        </tr>
      </thead>
      <tbody>
        {backups.map((b) => (
          <tr key={b.name}>
            <Td className="font-mono text-xs whitespace-nowrap">{b.name}</Td>
            {showContainer && <Td className="font-mono whitespace-nowrap">{b.container}</Td>}
            <Td className="font-mono text-xs whitespace-nowrap">{formatTimestamp(b.createdAt)}</Td>
            <Td className="text-right font-mono text-xs whitespace-nowrap tabular-nums" title={`${b.bytes} bytes; unpacks to about ${formatBytes(b.contentBytes)}`}>
              {formatBytes(b.bytes)}
            </Td>
            <Td className="max-w-md truncate" title={b.comment}>
              {b.scheduleId !== null && <span className="mr-2 rounded bg-panel-raised px-1.5 py-0.5 text-xs text-muted">scheduled</span>}
              {!b.sealed && (
                <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200" title="Not made or checked by this dashboard: read member by member before a restore">
                  unchecked
                </span>
              )}
              {b.comment}
            </Td>
            <Td className="whitespace-nowrap">
              <span className="inline-flex items-center gap-1 font-mono text-xs" title={b.sha256}>
                {b.sha256.slice(0, 12)}…
                <CopyButton text={b.sha256} label={`the SHA-256 of ${b.name}`} />
              </span>
            </Td>
            {canAct && (
              <Td className="text-right">
                <Menu label={`Actions for ${b.name}`}>
                  <a
                    role="menuitem"
                    tabIndex={-1}
                    href={`/api/backups/${encodeURIComponent(b.name)}/download`}
                    download
                    className="flex h-8 w-full items-center rounded px-3 text-left text-sm whitespace-nowrap hover:bg-panel-raised focus-visible:bg-panel-raised"
                  >
                    Download ({formatBytes(b.bytes)})
                  </a>
                  <MenuItem onSelect={() => onChoose("restore", b)}>Restore as new container…</MenuItem>
                  <MenuItem danger onSelect={() => onChoose("delete", b)}>
                    Delete…
                  </MenuItem>
                </Menu>
              </Td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
