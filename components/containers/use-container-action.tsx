"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { destroyContainerAction, runContainerAction } from "@/app/containers/actions";
import { destroyHostContainerAction, runHostContainerAction } from "@/app/hosts/actions";
import { containerKey } from "@/lib/hosts";
import type { ActionResult, LifecycleAction } from "@/lib/api-types";
import { queryKeys } from "@/lib/query-keys";
import { useToast } from "@/components/ui/toast";

const SEE_THE_LOG = /\s*—\s*see the log\.?$/;

/** "web: lxc-start failed — see the log", the last words a link to the container's audit rows. */
function FailureMessage({ error, container }: { error: string; container: string }) {
  // An Incus container's audit rows name it TARGET/NAME.
  return (
    <>
      {error.replace(SEE_THE_LOG, "")} —{" "}
      <Link href={`/audit?container=${encodeURIComponent(container)}`} className="font-medium underline">
        see the log
      </Link>
    </>
  );
}

/**
 * Runs lifecycle actions on one container from a click: remembers which one is
 * pending (to disable conflicting buttons at once, before the next poll shows
 * the server's busy label), reports the outcome as a toast and refreshes every
 * view of the container.
 */
export function useContainerAction(name: string, onDestroyed?: () => void, target?: string) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState<LifecycleAction | null>(null);

  async function perform(action: LifecycleAction, call: () => Promise<ActionResult>) {
    setPending(action);
    let result: ActionResult;
    try {
      result = await call();
    } catch {
      // The server hides internal errors in production; the audit row has the detail.
      result = { ok: false, error: `${name}: ${action} failed — see the log` };
    }
    await queryClient.invalidateQueries({ queryKey: queryKeys.containers() });
    setPending(null);
    router.refresh();
    if (result.ok) {
      toast({ tone: "ok", content: result.message });
      if (action === "destroy") onDestroyed?.();
    } else {
      toast({ tone: "error", content: <FailureMessage error={result.error} container={containerKey({ name, target })} /> });
    }
  }

  // An Incus container's actions go to its host (REST); a classic one's run the lxc-* tools, as always.
  return {
    pending,
    run: (action: Exclude<LifecycleAction, "destroy">) =>
      perform(action, () => (target ? runHostContainerAction(target, name, action) : runContainerAction(name, action))),
    destroy: (typedName: string) =>
      perform("destroy", () => (target ? destroyHostContainerAction(target, name, typedName) : destroyContainerAction(name, typedName))),
  };
}
