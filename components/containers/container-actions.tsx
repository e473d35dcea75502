"use client";

import Link from "next/link";
import { useState } from "react";
import type { LifecycleAction } from "@/lib/api-types";
import type { ContainerState } from "@/lib/container-types";
import { Button, buttonClasses, type ButtonSize } from "@/components/ui/button";
import { DestroyDialog } from "./destroy-dialog";

const LABEL: Record<LifecycleAction, string> = {
  start: "Start",
  stop: "Stop",
  kill: "Kill",
  restart: "Restart",
  freeze: "Freeze",
  unfreeze: "Unfreeze",
  destroy: "Destroy",
};

const TOOLTIP: Partial<Record<LifecycleAction, string>> = {
  stop: "Shut down cleanly (lxc-stop), forcing it after a timeout",
  kill: "Stop at once, without a clean shutdown (lxc-stop -k)",
};

/**
 * Only the actions that fit the state are shown, the first one primary: a
 * stopped container offers Start, a running one Stop, a frozen one Unfreeze.
 */
function actionsFor(state: ContainerState, includeKill: boolean): LifecycleAction[] {
  const kill: LifecycleAction[] = includeKill ? ["kill"] : [];
  switch (state) {
    case "STOPPED":
      return ["start", "destroy"];
    case "RUNNING":
    case "THAWED":
      return ["stop", "restart", "freeze", ...kill, "destroy"];
    case "FROZEN":
      return ["unfreeze", ...kill, "destroy"];
    case "STARTING":
      return ["stop", ...kill, "destroy"];
    default:
      return [...kill, "destroy"];
  }
}

export function ContainerActions({
  name,
  state,
  disabled,
  onAction,
  onDestroy,
  includeKill = false,
  size = "sm",
}: {
  name: string;
  state: ContainerState;
  /** An operation runs on this container: every action would conflict with it. */
  disabled: boolean;
  onAction: (action: Exclude<LifecycleAction, "destroy">) => void;
  onDestroy: (typedName: string) => void;
  includeKill?: boolean;
  size?: ButtonSize;
}) {
  const [confirming, setConfirming] = useState(false);
  const actions = actionsFor(state, includeKill);

  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {actions.map((action, i) => (
        <Button
          key={action}
          size={size}
          variant={action === "destroy" ? "danger" : i === 0 ? "primary" : "secondary"}
          disabled={disabled}
          title={TOOLTIP[action]}
          onClick={() => (action === "destroy" ? setConfirming(true) : onAction(action))}
        >
          {LABEL[action]}
        </Button>
      ))}
      {state === "RUNNING" && (
        // Navigation, so a link (it opens in a new browser tab too); disabled like the rest while an operation runs.
        <Link
          href={`/containers/${encodeURIComponent(name)}/terminal`}
          aria-disabled={disabled || undefined}
          tabIndex={disabled ? -1 : undefined}
          className={buttonClasses("secondary", size, disabled ? "pointer-events-none opacity-50" : "")}
        >
          Open terminal
        </Link>
      )}
      <DestroyDialog name={name} open={confirming} onClose={() => setConfirming(false)} onConfirm={onDestroy} />
    </div>
  );
}
