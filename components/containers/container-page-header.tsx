"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { busyLabel } from "@/lib/action-labels";
import { useCanAct } from "@/components/layout/current-user";
import { Skeleton } from "@/components/ui/skeleton";
import { ContainerActions } from "./container-actions";
import { useContainerDetail } from "./container-queries";
import { ContainerStateBadge } from "./container-state-badge";
import { ContainerTabs, type ContainerTab } from "./container-tabs";
import { useContainerAction } from "./use-container-action";

/**
 * The top of every page of a container: the way back (to the list, unless
 * `back` says otherwise), the name with its live state and, for admins, its
 * actions, a `notice` under them, then the tabs with `current` marked. It
 * polls the container's detail itself (the same query as the page, so one
 * request), which keeps every tab's header the same.
 */
export function ContainerPageHeader({
  name,
  current,
  back = { href: "/", label: "Containers" },
  notice,
}: {
  name: string;
  current?: ContainerTab;
  back?: { href: string; label: string };
  notice?: ReactNode;
}) {
  const router = useRouter();
  const { data, isPending } = useContainerDetail(name);
  const action = useContainerAction(name, () => router.push("/"));
  const canAct = useCanAct();
  // The server's label once a poll has it; ours from the click until then.
  const busy = data ? (data.busy ?? (action.pending ? busyLabel[action.pending] : null)) : null;

  return (
    <div className="flex flex-col gap-3">
      <Link href={back.href} className="self-start text-sm text-accent hover:underline">
        ← {back.label}
      </Link>
      <div className="flex min-h-9 flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="font-mono text-2xl font-semibold">{name}</h1>
        {data ? <ContainerStateBadge state={data.state} busy={busy} /> : isPending && <Skeleton className="h-5 w-18" />}
        {canAct && isPending && <Skeleton className="ml-auto h-9 w-80 max-w-full" />}
        {canAct && data && (
          <div className="ml-auto">
            <ContainerActions
              name={name}
              state={data.state}
              disabled={busy !== null}
              onAction={action.run}
              onDestroy={action.destroy}
              layout="bar"
              includeKill
              // On the Terminal tab the link would lead to the page already shown.
              offerTerminal={current !== "Terminal"}
              lxcpath={data.configPath.replace(/\/[^/]+\/config$/, "")}
            />
          </div>
        )}
      </div>
      {notice}
      <ContainerTabs name={name} current={current} />
    </div>
  );
}
