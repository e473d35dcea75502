import type { AuditEntryView } from "@/lib/api-types";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";

export const OUTCOMES: AuditEntryView["outcome"][] = ["running", "ok", "failed", "refused", "interrupted", "cancelled"];

const tone: Record<AuditEntryView["outcome"], BadgeTone> = {
  running: "blue",
  ok: "green",
  failed: "red",
  refused: "red",
  interrupted: "amber",
  cancelled: "grey",
};

export function OutcomeBadge({ outcome }: { outcome: AuditEntryView["outcome"] }) {
  return (
    <Badge tone={tone[outcome]}>
      {outcome === "running" && <Spinner className="size-3" />}
      {outcome}
    </Badge>
  );
}
