"use client";

import Link from "next/link";
import { useState } from "react";
import type { LifecycleAction } from "@/lib/api-types";
import type { ContainerState } from "@/lib/container-types";
import { containerHref } from "@/lib/hosts";
import { Button, buttonClasses } from "@/components/ui/button";
import { Menu, MenuItem, MenuLink } from "@/components/ui/menu";
import { CloneDialog } from "./clone-dialog";
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

type RunAction = Exclude<LifecycleAction, "destroy">;

/**
 * Only the actions that fit the state are shown, the first one primary: a
 * stopped container offers Start, a running one Stop, a frozen one Unfreeze.
 * Destroy fits every state and always comes last.
 */
function actionsFor(state: ContainerState, includeKill: boolean): RunAction[] {
  const kill: RunAction[] = includeKill ? ["kill"] : [];
  switch (state) {
    case "STOPPED":
      return ["start"];
    case "RUNNING":
    case "THAWED":
      return ["stop", "restart", "freeze", ...kill];
    case "FROZEN":
      return ["unfreeze", ...kill];
    case "STARTING":
      return ["stop", ...kill];
    default:
      return kill;
  }
}

/** Navigation, so a link (it opens in a new browser tab too). */
const terminalHref = (name: string, target?: string) => containerHref({ name, target }, "terminal");

/**
 * The actions that fit the container's state. `layout="row"` (the list) shows
 * the primary one as a button and the rest in a "More actions for NAME" menu, so
 * every row keeps one height; `layout="bar"` (the container's page) shows them
 * all as buttons. Open terminal comes before Destroy, the dangerous one, last.
 */
export function ContainerActions({
  name,
  state,
  disabled,
  onAction,
  onDestroy,
  layout,
  includeKill = false,
  offerTerminal = true,
  lxcpath = null,
  target,
}: {
  name: string;
  state: ContainerState;
  /** An operation runs on this container: every action would conflict with it. */
  disabled: boolean;
  onAction: (action: RunAction) => void;
  onDestroy: (typedName: string) => void;
  layout: "row" | "bar";
  includeKill?: boolean;
  /** Whether Open terminal may be offered (when running); not on the terminal's own page. */
  offerTerminal?: boolean;
  /** Where the container lives, for the clone command's preview (-P); left out when unknown. */
  lxcpath?: string | null;
  /** The Incus host it lives on (absent: this machine's classic LXC); Clone is classic only. */
  target?: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [cloning, setCloning] = useState(false);
  const actions = actionsFor(state, includeKill);
  const terminal = offerTerminal && state === "RUNNING";
  const dialog = (
    <>
      <DestroyDialog name={name} open={confirming} onClose={() => setConfirming(false)} onConfirm={onDestroy} />
      {cloning && !target && <CloneDialog name={name} running={state !== "STOPPED"} lxcpath={lxcpath} open onClose={() => setCloning(false)} />}
    </>
  );

  if (layout === "row") {
    const [primary, ...rest] = actions;
    return (
      <div className="flex items-center gap-1.5">
        {/* One width for every primary action, so the menu buttons line up down the column. */}
        <span className="inline-flex w-18">
          {primary && (
            <Button size="sm" variant="primary" disabled={disabled} title={TOOLTIP[primary]} onClick={() => onAction(primary)} className="w-full">
              {LABEL[primary]}
            </Button>
          )}
        </span>
        <Menu label={`More actions for ${name}`} disabled={disabled}>
          {rest.map((action) => (
            <MenuItem key={action} title={TOOLTIP[action]} onSelect={() => onAction(action)}>
              {LABEL[action]}
            </MenuItem>
          ))}
          {terminal && <MenuLink href={terminalHref(name, target)}>Open terminal</MenuLink>}
          {!target && <MenuItem onSelect={() => setCloning(true)}>Clone…</MenuItem>}
          <MenuItem danger onSelect={() => setConfirming(true)}>
            {LABEL.destroy}
          </MenuItem>
        </Menu>
        {dialog}
      </div>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {actions.map((action, i) => (
        <Button
          key={action}
          variant={i === 0 ? "primary" : "secondary"}
          disabled={disabled}
          title={TOOLTIP[action]}
          onClick={() => onAction(action)}
        >
          {LABEL[action]}
        </Button>
      ))}
      {terminal && (
        // Disabled like the rest while an operation runs.
        <Link
          href={terminalHref(name, target)}
          aria-disabled={disabled || undefined}
          tabIndex={disabled ? -1 : undefined}
          className={buttonClasses("secondary", "md", disabled ? "pointer-events-none opacity-50" : "")}
        >
          Open terminal
        </Link>
      )}
      {!target && (
        <Button disabled={disabled} onClick={() => setCloning(true)}>
          Clone…
        </Button>
      )}
      <Button variant="danger" disabled={disabled} onClick={() => setConfirming(true)}>
        {LABEL.destroy}
      </Button>
      {dialog}
    </div>
  );
}
