import type { ForwardState } from "@/lib/forwards";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<ForwardState, BadgeTone> = { active: "green", waiting: "grey", failed: "red" };
const LABEL: Record<ForwardState, string> = { active: "ACTIVE", waiting: "WAITING", failed: "FAILED" };

/** A forward's state as a badge with its text; the reason is its tooltip. */
export function ForwardStateBadge({ state, reason }: { state: ForwardState; reason: string | null }) {
  return (
    <span title={reason ?? undefined}>
      <Badge tone={TONE[state]}>{LABEL[state]}</Badge>
    </span>
  );
}
