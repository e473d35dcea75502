"use client";

import Link from "next/link";
import { useMemo, useRef, useState } from "react";
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
import { CheckboxField, errorText, SelectField, TextField } from "@/components/ui/field";
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
          <TextField
            id="create-name"
            label="Name"
            hint="Letters, digits and '-', up to 63 characters."
            error={errors.name}
            ref={nameRef}
            value={form.name}
            onChange={(e) => update({ name: e.target.value })}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            className="w-72 max-w-full font-mono"
          />

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
              <SelectField
                id="create-dist"
                label="Distribution"
                error={errors.dist}
                value={form.dist}
                options={distsOf(images)}
                onChange={(dist) => update(withImage(form, images, { dist }))}
              />
              <SelectField
                id="create-release"
                label="Release"
                error={errors.release}
                value={form.downloadRelease}
                options={releasesOf(images, form.dist)}
                onChange={(release) => update(withImage(form, images, { release }))}
              />
              <SelectField
                id="create-arch"
                label="Architecture"
                error={errors.arch}
                value={form.arch}
                options={archesOf(images, form.dist, form.downloadRelease)}
                onChange={(arch) => update(withImage(form, images, { arch }))}
              />
              <SelectField
                id="create-variant"
                label="Variant"
                error={errors.variant}
                value={form.variant}
                options={variantsOf(images, form.dist, form.downloadRelease, form.arch)}
                onChange={(variant) => update({ variant })}
              />
              <div className="sm:col-span-2">
                <TextField
                  id="create-server"
                  label="Server"
                  hint="A mirror of images.linuxcontainers.org, as host or host:port; empty for the default."
                  error={errors.server}
                  value={form.server}
                  onChange={(e) => update({ server: e.target.value })}
                  placeholder="images.linuxcontainers.org"
                  autoComplete="off"
                  spellCheck={false}
                  className="w-full font-mono"
                />
              </div>
              <div className="sm:col-span-2 lg:col-span-4">
                <CheckboxField
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
              <SelectField
                id="create-release"
                label="Release"
                error={errors.release}
                value={form.debianRelease}
                options={DEBIAN_RELEASES}
                onChange={(release) => update({ debianRelease: release as CreateFormState["debianRelease"] })}
              />
            </div>
          )}

          <div className="flex flex-col gap-3">
            <CheckboxField
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
            <CheckboxField
              id="create-autostart"
              label="Autostart"
              hint="Start the container when the host boots (lxc.start.auto)."
              checked={form.autostart}
              onChange={(autostart) => update({ autostart })}
              error={errors.autostart}
            />
            <CheckboxField
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
