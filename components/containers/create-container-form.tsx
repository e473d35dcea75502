"use client";

import Link from "next/link";
import { useMemo, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { startCreate } from "@/app/create/actions";
import { DEBIAN_RELEASES, NEEDS_ROOT, unavailableTemplates, type CreateCommandContext } from "@/lib/create-command";
import {
  archesOf,
  distsOf,
  isCached,
  releasesOf,
  variantsOf,
  type CreatePrefill,
  type ImageChoices,
} from "@/lib/image-choices";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Spinner } from "@/components/ui/spinner";
import {
  imageOf,
  INITIAL_FORM,
  NAME_PLACEHOLDER,
  prefilledForm,
  previewCommand,
  toCreateInput,
  unprivilegedAllowed,
  withImage,
  type CreateFormState,
} from "./create-form-state";
import { OperationProgress, type OperationEnd } from "./operation-progress";
import { TemplatePicker } from "./template-picker";

type FieldErrors = Record<string, string>;

interface RunningOperation {
  id: string;
  name: string;
  startsAfter: boolean;
}

const control = "h-9 rounded-md border border-line bg-panel px-2.5 text-sm aria-[invalid=true]:border-red-500";
const errorText = "text-sm text-red-700 dark:text-red-300";

/** A labelled control with its hint and, when the server refused it, its error right below. */
function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className={errorText}>
          {error}
        </p>
      )}
    </div>
  );
}

/** aria attributes that tie a control to its hint and error. */
function describe(id: string, error: string | undefined, hasHint = false) {
  const ids = [hasHint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined };
}

function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
  disabled,
  error,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  error?: string;
}) {
  return (
    <div className="flex items-start gap-2.5">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 shrink-0 accent-accent"
        {...describe(id, error, true)}
      />
      <div className="flex flex-col">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
        {error && (
          <p id={`${id}-error`} className={errorText}>
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * The create form: name, template and its options, the exact command as a
 * live preview, then the creation's output streamed below until it ends.
 * The download template's images are those the server read (`images`: the
 * fixed list, the image server's index, the local cache); `imageNote` says
 * when the index could not be read. `prefill` is the image /images led here with.
 * As a regular user (`root` false) Unprivileged stays on and debian is not offered.
 */
export function CreateContainerForm({
  context,
  hostTemplates,
  root,
  images,
  imageNote,
  prefill,
}: {
  context: CreateCommandContext;
  hostTemplates: string[];
  root: boolean;
  images: ImageChoices;
  imageNote: string | null;
  prefill: CreatePrefill | null;
}) {
  const [form, setForm] = useState<CreateFormState>(() => prefilledForm(prefill));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [operation, setOperation] = useState<RunningOperation | null>(null);
  const [end, setEnd] = useState<OperationEnd | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const command = useMemo(() => previewCommand(form, context), [form, context]);
  const running = operation !== null && end === null;
  const locked = submitting || running || end?.outcome === "ok";

  function update(patch: Partial<CreateFormState>) {
    setForm((f) => ({ ...f, ...patch }));
    // An edited field's old error no longer applies.
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key === "downloadRelease" || key === "debianRelease" ? "release" : key];
      return next;
    });
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitting(true);
    setFormError(null);
    const input = toCreateInput(form);
    const result = await startCreate(input).catch(() => ({
      ok: false as const,
      error: "The server did not answer; try again in a moment.",
      fieldErrors: {} as FieldErrors,
    }));
    // Re-enable the fieldset now, so the name field can take focus below.
    flushSync(() => setSubmitting(false));
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setFormError(result.error);
      if (result.fieldErrors.name) nameRef.current?.focus();
      return;
    }
    setErrors({});
    setEnd(null);
    setOperation({ id: result.operationId, name: input.name, startsAfter: input.start ?? false });
  }

  function createAnother() {
    flushSync(() => {
      setForm(INITIAL_FORM);
      setFormError(null);
      setOperation(null);
      setEnd(null);
    });
    nameRef.current?.focus();
  }

  const imageCached = isCached(images, imageOf(form));

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={submit} noValidate className="flex flex-col gap-5">
        <fieldset disabled={locked} className="flex flex-col gap-5">
          <Field id="create-name" label="Name" hint="Letters, digits and '-', up to 63 characters." error={errors.name}>
            <input
              id="create-name"
              ref={nameRef}
              value={form.name}
              onChange={(e) => update({ name: e.target.value })}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              autoFocus
              className={`${control} w-72 max-w-full font-mono`}
              {...describe("create-name", errors.name, true)}
            />
          </Field>

          <TemplatePicker
            value={form.template}
            onChange={(template) => update({ template })}
            hostTemplates={hostTemplates}
            unavailable={unavailableTemplates({ root, templates: hostTemplates })}
            error={errors.template}
            disabled={locked}
          />

          {form.template === "download" && (
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Field id="create-dist" label="Distribution" error={errors.dist}>
                <select
                  id="create-dist"
                  value={form.dist}
                  onChange={(e) => update(withImage(form, images, { dist: e.target.value }))}
                  className={control}
                  {...describe("create-dist", errors.dist)}
                >
                  {distsOf(images).map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>
              </Field>
              <Field id="create-release" label="Release" error={errors.release}>
                <select
                  id="create-release"
                  value={form.downloadRelease}
                  onChange={(e) => update(withImage(form, images, { release: e.target.value }))}
                  className={control}
                  {...describe("create-release", errors.release)}
                >
                  {releasesOf(images, form.dist).map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </Field>
              <Field id="create-arch" label="Architecture" error={errors.arch}>
                <select
                  id="create-arch"
                  value={form.arch}
                  onChange={(e) => update(withImage(form, images, { arch: e.target.value }))}
                  className={control}
                  {...describe("create-arch", errors.arch)}
                >
                  {archesOf(images, form.dist, form.downloadRelease).map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </Field>
              <Field id="create-variant" label="Variant" error={errors.variant}>
                <select
                  id="create-variant"
                  value={form.variant}
                  onChange={(e) => update({ variant: e.target.value })}
                  className={control}
                  {...describe("create-variant", errors.variant)}
                >
                  {variantsOf(images, form.dist, form.downloadRelease, form.arch).map((v) => (
                    <option key={v}>{v}</option>
                  ))}
                </select>
              </Field>
              <div className="sm:col-span-2">
                <Field
                  id="create-server"
                  label="Server"
                  hint="A mirror of images.linuxcontainers.org, as host or host:port; empty for the default."
                  error={errors.server}
                >
                  <input
                    id="create-server"
                    value={form.server}
                    onChange={(e) => update({ server: e.target.value })}
                    placeholder="images.linuxcontainers.org"
                    autoComplete="off"
                    spellCheck={false}
                    className={`${control} w-full font-mono`}
                    {...describe("create-server", errors.server, true)}
                  />
                </Field>
              </div>
              <div className="sm:col-span-2 lg:col-span-4">
                <Checkbox
                  id="create-cached"
                  label="Use the cached copy"
                  hint={
                    imageCached
                      ? "Made from the local image cache even if it has expired, without contacting the image server (--force-cache): works offline."
                      : "This image is not in the local cache; it is downloaded from the image server."
                  }
                  checked={imageCached && form.cached}
                  disabled={!imageCached}
                  onChange={(cached) => update({ cached })}
                  error={errors.cached}
                />
              </div>
              {imageNote && (
                <p className="text-xs text-muted sm:col-span-2 lg:col-span-4">
                  {imageNote} The dashboard&apos;s own list and the cached images are offered.{" "}
                  <Link href="/images" className="text-accent hover:underline">
                    Images
                  </Link>
                </p>
              )}
            </div>
          )}

          {form.template === "debian" && (
            <div className="grid gap-4 sm:grid-cols-4">
              <Field id="create-release" label="Release" error={errors.release}>
                <select
                  id="create-release"
                  value={form.debianRelease}
                  onChange={(e) => update({ debianRelease: e.target.value as CreateFormState["debianRelease"] })}
                  className={control}
                  {...describe("create-release", errors.release)}
                >
                  {DEBIAN_RELEASES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </Field>
            </div>
          )}

          <div className="flex flex-col gap-3">
            <Checkbox
              id="create-unprivileged"
              label="Unprivileged"
              hint={
                !root
                  ? NEEDS_ROOT.privileged
                  : unprivilegedAllowed(form.template)
                    ? "Root in the container is an unprivileged uid on the host, from your subordinate id range."
                    : "The debian template makes privileged containers only; pick download for an unprivileged Debian."
              }
              checked={unprivilegedAllowed(form.template) && form.unprivileged}
              disabled={!root || !unprivilegedAllowed(form.template)}
              onChange={(unprivileged) => update({ unprivileged })}
              error={errors.unprivileged}
            />
            <Checkbox
              id="create-autostart"
              label="Autostart"
              hint="Start the container when the host boots (lxc.start.auto)."
              checked={form.autostart}
              onChange={(autostart) => update({ autostart })}
              error={errors.autostart}
            />
            <Checkbox
              id="create-start"
              label="Start after create"
              hint="Start the container as soon as it is made."
              checked={form.start}
              onChange={(start) => update({ start })}
              error={errors.start}
            />
          </div>
        </fieldset>

        <div className="flex flex-col gap-1.5">
          <h2 className="text-sm font-medium">Command</h2>
          <CodeBlock text={command} label="the command" />
          {command.includes(` -n ${NAME_PLACEHOLDER} `) && (
            <p className="text-xs text-muted">
              <span className="font-mono">{NAME_PLACEHOLDER}</span> stands for the name until it is a valid one.
            </p>
          )}
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={locked}>
            {submitting && <Spinner />}
            Create container
          </Button>
          {end?.outcome === "ok" && <Button onClick={createAnother}>Create another</Button>}
          {formError && (
            <p role="alert" className={errorText}>
              {formError}
            </p>
          )}
        </div>
      </form>

      {operation && (
        <OperationProgress
          key={operation.id}
          operationId={operation.id}
          container={operation.name}
          startsAfter={operation.startsAfter}
          onEnd={setEnd}
        />
      )}
    </div>
  );
}
