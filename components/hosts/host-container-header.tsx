"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { busyLabel } from "@/lib/action-labels";
import { useCanAct } from "@/components/layout/current-user";
import { Skeleton } from "@/components/ui/skeleton";
import { ContainerActions } from "@/components/containers/container-actions";
import { ContainerStateBadge } from "@/components/containers/container-state-badge";
import { useContainerAction } from "@/components/containers/use-container-action";
import { useHostContainer } from "./host-container-queries";
import { HostContainerTabs, type HostContainerTab } from "./host-container-tabs";

/** The top of an Incus container's pages: the way back, its name, host and member, live state, actions and tabs. */
export function HostContainerHeader({ target, name, current, notice, extra }: { target: string; name: string; current: HostContainerTab; notice?: ReactNode; extra?: ReactNode }) {
  const router = useRouter();
  const { data, isPending } = useHostContainer(target, name);
  const action = useContainerAction(name, () => router.push("/"), target);
  const canAct = useCanAct();
  const busy = data ? (data.busy ?? (action.pending ? busyLabel[action.pending] : null)) : null;
  return (
    <div className="flex flex-col gap-3">
      <Link href="/" className="self-start text-sm text-accent hover:underline">
        ← Containers
      </Link>
      <div className="flex min-h-9 flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="font-mono text-2xl font-semibold">{name}</h1>
        <span className="font-mono text-sm text-muted">
          on <Link href="/hosts" className="text-accent hover:underline">{target}</Link>
          {data?.member && <> / {data.member}</>}
        </span>
        {data ? <ContainerStateBadge state={data.state} busy={busy} /> : isPending && <Skeleton className="h-5 w-18" />}
        {canAct && data && (
          <div className="ml-auto flex flex-wrap items-center gap-1.5">
            <ContainerActions
              name={name}
              state={data.state}
              disabled={busy !== null}
              onAction={action.run}
              onDestroy={action.destroy}
              layout="bar"
              includeKill
              offerTerminal={current !== "Terminal"}
              target={target}
            />
            {extra}
          </div>
        )}
      </div>
      {notice}
      <HostContainerTabs target={target} name={name} current={current} />
    </div>
  );
}
