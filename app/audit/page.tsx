import type { Metadata } from "next";
import Link from "next/link";
import { listAudit } from "@/server/audit";
import { requirePageUser } from "@/server/auth/next";
import type { AuditEntryView } from "@/lib/api-types";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { OUTCOMES } from "@/components/audit/outcome-badge";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 200;

type SearchParams = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const container = one(params.container);
  const user = one(params.user);
  const requestedOutcome = one(params.outcome);
  const outcome = (OUTCOMES as string[]).includes(requestedOutcome) ? requestedOutcome : "";
  const before = Number(one(params.before)) || undefined;
  const filters = { ...(container && { container }), ...(user && { user }), ...(outcome && { outcome }) };
  // Signing in comes back to the same filters.
  await requirePageUser("viewer", "view audit log", `/audit?${new URLSearchParams(filters)}`);

  const entries = await listAudit({ container, actor: user, outcome, take: PAGE_SIZE, before });
  const filtered = Boolean(container || user || outcome);
  const last: AuditEntryView | undefined = entries.at(-1);
  const older = new URLSearchParams(filters);
  if (last) older.set("before", String(last.id));

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-muted">
          Every action, who asked for it and the exact command it ran, newest first.
        </p>
      </div>
      <AuditFilters values={{ container, user, outcome }} />
      {entries.length === 0 ? (
        <p className="rounded-md border border-dashed border-line bg-panel px-4 py-8 text-center text-sm text-muted">
          {filtered || before ? "No entries match these filters." : "No actions have been recorded yet."}
        </p>
      ) : (
        <AuditTable entries={entries} />
      )}
      {entries.length === PAGE_SIZE && (
        <Link href={`/audit?${older.toString()}`} className="self-start text-sm text-accent hover:underline">
          Older entries
        </Link>
      )}
    </div>
  );
}
