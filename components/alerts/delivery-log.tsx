import type { DeliveryLogEntry } from "@/lib/alert-types";
import { formatTimestamp } from "@/lib/format-units";
import { Badge } from "@/components/ui/badge";
import { Table, TableMessageRow, Td, Th } from "@/components/ui/table";

/** Every delivery attempt, newest first, with what the other side answered. */
export function DeliveryLog({ entries }: { entries: DeliveryLogEntry[] }) {
  return (
    <Table label="Delivery log">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Target</Th>
          <Th>Alert</Th>
          <Th>Outcome</Th>
          <Th>Answer</Th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 && <TableMessageRow columns={5}>Nothing has been sent yet.</TableMessageRow>}
        {entries.map((e, i) => (
          <tr key={i} className="align-top">
            <Td className="font-mono text-xs whitespace-nowrap">{formatTimestamp(e.at)}</Td>
            <Td className="whitespace-nowrap">{e.target}</Td>
            <Td>{e.alert}</Td>
            <Td className="whitespace-nowrap">
              <Badge tone={e.ok ? "green" : e.status === "failed" ? "red" : "amber"}>{e.ok ? "delivered" : e.status === "failed" ? "given up" : "will retry"}</Badge>
            </Td>
            <Td className="font-mono text-xs wrap-anywhere">{e.detail}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
