"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { previewSettingsAction, saveSettingsAction } from "@/app/containers/[name]/settings/actions";
import {
  checkSettings,
  cpuSharesRange,
  formatCpuList,
  settingKeys,
  type HostLimits,
  type SettingField,
  type SettingsValues,
} from "@/lib/container-settings";
import type { ContainerState } from "@/lib/container-types";
import { formatBytes } from "@/lib/format-units";
import type { DiffLine } from "@/lib/line-diff";
import { Banner } from "@/components/ui/banner";
import { Button } from "@/components/ui/button";
import { CheckboxField, errorText, Field, fieldAria, fieldControl } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { useContainerDetail } from "./container-queries";
import { SettingsDiff } from "./settings-diff";

type FieldErrors = Partial<Record<SettingField, string>>;
type TextField = Exclude<SettingField, "autostart" | "networkLink">;
type FieldAria = { id: string } & ReturnType<typeof fieldAria>;

interface TextInputOptions {
  placeholder: string;
  numeric?: boolean;
  disabled?: boolean;
  width?: string;
}

interface Review {
  diff: DiffLine[];
  fingerprint: string;
  description: string;
}

/** Some fields are disabled on their own (no such cgroup controller here): dimmed so that shows. */
const control = `${fieldControl} disabled:opacity-60`;

/** A setting's Field: `children` renders the control with the id (`setting-<field>`) and aria it is given. */
function Setting({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: SettingField;
  label: string;
  hint: ReactNode;
  error?: string;
  children: (aria: FieldAria) => ReactNode;
}) {
  const controlId = `setting-${id}`;
  return (
    <Field id={controlId} label={label} hint={hint} error={error}>
      {children({ id: controlId, ...fieldAria(controlId, error, true) })}
    </Field>
  );
}

function Key({ name }: { name: string | null }) {
  return name ? <code className="font-mono">{name}</code> : null;
}

/**
 * The settings of a stopped container as fields checked against this host as
 * they are typed; "Review changes" shows the config file's diff from the
 * server, and only that reviewed change is written.
 */
export function SettingsForm({
  name,
  initialState,
  current,
  limits,
  networkType,
  configPath,
  canAct,
}: {
  name: string;
  initialState: ContainerState;
  current: SettingsValues;
  limits: HostLimits;
  networkType: string | null;
  configPath: string;
  canAct: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const live = useContainerDetail(name);
  const state = live.data?.state ?? initialState;
  const [values, setValues] = useState<SettingsValues>(current);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [review, setReview] = useState<Review | null>(null);
  const [pending, setPending] = useState<"review" | "save" | null>(null);

  const context = useMemo(() => ({ limits, current, networkType }), [limits, current, networkType]);
  const checked = useMemo(() => checkSettings(values, context), [values, context]);
  const errors: FieldErrors = { ...serverErrors, ...(checked.ok ? {} : checked.fieldErrors) };
  const keys = settingKeys(limits.cgroup);
  const shares = cpuSharesRange(limits.cgroup.cpu);
  const stopped = state === "STOPPED";
  const editable = canAct && stopped && pending === null;
  // A link to a bridge since removed stays selectable, marked, so the form shows the config as it is.
  const bridgeOptions =
    limits.bridges.includes(current.networkLink) || current.networkLink === "" ? limits.bridges : [current.networkLink, ...limits.bridges];

  const hints: Record<Exclude<SettingField, "autostart">, ReactNode> = {
    startDelay: <>Wait after starting it before the next one; <Key name={keys.startDelay} />.</>,
    startOrder: <>Lower starts earlier; <Key name={keys.startOrder} />.</>,
    memoryLimit: keys.memoryLimit ? (
      <>
        Such as 512M or 2G; empty for no limit. The host has {formatBytes(limits.memoryBytes)}. <Key name={keys.memoryLimit} />.
      </>
    ) : (
      "This host has no memory cgroup controller."
    ),
    cpuShares: keys.cpuShares ? (
      <>
        {shares.min}–{shares.max}, default {shares.default}: its share of CPU time against other containers. <Key name={keys.cpuShares} />.
      </>
    ) : (
      "This host has no cpu cgroup controller."
    ),
    cpuSet: keys.cpuSet ? (
      <>
        CPUs it may run on, such as 0 or 0-1; empty for all. Online here: {formatCpuList(limits.cpus)}. <Key name={keys.cpuSet} />.
      </>
    ) : (
      "This host has no cpuset cgroup controller."
    ),
    networkLink:
      networkType === "veth" ? (
        <>The bridge its first interface (veth) joins; <Key name={keys.networkLink} />.</>
      ) : (
        `Its first interface is ${networkType ? `of type ${networkType}` : "not configured"}; the bridge can be changed for a veth interface only.`
      ),
  };

  /** A text field of the form, bound to its value. */
  const textInput =
    (field: TextField, { placeholder, numeric = false, disabled = false, width = "w-40" }: TextInputOptions) =>
    (aria: FieldAria) => (
      <input
        {...aria}
        value={values[field]}
        placeholder={placeholder}
        disabled={disabled}
        inputMode={numeric ? "numeric" : undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => update({ [field]: e.target.value })}
        className={`${control} ${width} font-mono`}
      />
    );

  function update(patch: Partial<SettingsValues>) {
    setValues((v) => ({ ...v, ...patch }));
    setReview(null);
    setFormError(null);
    setServerErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key as SettingField];
      return next;
    });
  }

  async function reviewChanges(e: React.FormEvent) {
    e.preventDefault();
    if (!checked.ok) return;
    setPending("review");
    const r = await previewSettingsAction(name, values).catch(() => ({
      ok: false as const,
      error: "The server did not answer; try again in a moment.",
      fieldErrors: {},
    }));
    setPending(null);
    if (!r.ok) {
      setServerErrors(r.fieldErrors);
      setFormError(r.error);
      return;
    }
    setReview({ diff: r.diff, fingerprint: r.fingerprint, description: r.description });
  }

  async function save() {
    if (!review) return;
    setPending("save");
    const r = await saveSettingsAction(name, values, review.fingerprint).catch(() => ({
      ok: false as const,
      error: "The server did not answer; the audit log says whether the change was written.",
      fieldErrors: {},
    }));
    setPending(null);
    if (!r.ok) {
      setServerErrors(r.fieldErrors);
      setFormError(r.error);
      setReview(null);
      return;
    }
    setReview(null);
    toast({ tone: "ok", content: r.message });
    router.refresh();
  }

  return (
    <form onSubmit={reviewChanges} noValidate className="flex max-w-3xl flex-col gap-6">
      {!stopped && (
        <Banner title={`${name} is ${state.toLowerCase()}`}>
          Settings can be changed on a stopped container only; stop it on its{" "}
          <Link href={`/containers/${encodeURIComponent(name)}`} className="font-medium underline">
            page
          </Link>{" "}
          first.
        </Banner>
      )}
      {!canAct && <p className="text-sm text-muted">Only an admin can change settings; these are the current ones.</p>}

      <fieldset disabled={!editable} className="flex flex-col gap-6">
        <section aria-labelledby="autostart-heading" className="flex flex-col gap-3">
          <h2 id="autostart-heading" className="text-sm font-semibold text-muted">
            Autostart
          </h2>
          <CheckboxField
            id="setting-autostart"
            label="Start when the host boots"
            hint={
              <>
                <Key name={keys.autostart} />, started by <code className="font-mono">lxc-autostart</code>.
              </>
            }
            checked={values.autostart}
            onChange={(autostart) => update({ autostart })}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <Setting id="startDelay" label="Delay (seconds)" hint={hints.startDelay} error={errors.startDelay}>
              {textInput("startDelay", { placeholder: "0", numeric: true, width: "w-32" })}
            </Setting>
            <Setting id="startOrder" label="Order" hint={hints.startOrder} error={errors.startOrder}>
              {textInput("startOrder", { placeholder: "0", numeric: true, width: "w-32" })}
            </Setting>
          </div>
        </section>

        <section aria-labelledby="resources-heading" className="grid gap-4 sm:grid-cols-3">
          <h2 id="resources-heading" className="text-sm font-semibold text-muted sm:col-span-3">
            Resources
          </h2>
          <Setting id="memoryLimit" label="Memory limit" hint={hints.memoryLimit} error={errors.memoryLimit}>
            {textInput("memoryLimit", { placeholder: "no limit", disabled: !keys.memoryLimit })}
          </Setting>
          <Setting id="cpuShares" label="CPU shares" hint={hints.cpuShares} error={errors.cpuShares}>
            {textInput("cpuShares", { placeholder: String(shares.default), numeric: true, disabled: !keys.cpuShares })}
          </Setting>
          <Setting id="cpuSet" label="CPU set" hint={hints.cpuSet} error={errors.cpuSet}>
            {textInput("cpuSet", { placeholder: "all", disabled: !keys.cpuSet })}
          </Setting>
        </section>

        <section aria-labelledby="network-heading" className="flex flex-col gap-3">
          <h2 id="network-heading" className="text-sm font-semibold text-muted">
            Network
          </h2>
          <Setting id="networkLink" label="Bridge" hint={hints.networkLink} error={errors.networkLink}>
            {(aria) => (
              <select
                {...aria}
                value={values.networkLink}
                disabled={networkType !== "veth"}
                onChange={(e) => update({ networkLink: e.target.value })}
                className={`${control} w-56 font-mono`}
              >
                {networkType !== "veth" && <option value={current.networkLink}>{current.networkLink || "none"}</option>}
                {networkType === "veth" &&
                  bridgeOptions.map((b) => (
                    <option key={b} value={b}>
                      {limits.bridges.includes(b) ? b : `${b} (missing)`}
                    </option>
                  ))}
              </select>
            )}
          </Setting>
        </section>
      </fieldset>

      {canAct && (
        <div className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!editable || !checked.ok || review !== null}>
              {pending === "review" && <Spinner />}
              Review changes
            </Button>
            {formError && (
              <p role="alert" className={errorText}>
                {formError}
              </p>
            )}
          </div>
          {review && (
            <div className="flex flex-col gap-3">
              <h2 className="text-sm font-semibold">The change to the config file</h2>
              <SettingsDiff diff={review.diff} path={configPath} />
              <div className="flex gap-2">
                <Button variant="primary" onClick={save} disabled={pending !== null || !stopped}>
                  {pending === "save" && <Spinner />}
                  Write the config
                </Button>
                <Button onClick={() => setReview(null)} disabled={pending !== null}>
                  Cancel
                </Button>
              </div>
            </div>
          )}
        </div>
      )}
    </form>
  );
}
