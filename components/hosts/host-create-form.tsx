"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createOnHostAction } from "@/app/hosts/actions";
import { incusNameProblem } from "@/lib/container-name";
import { containerHref, hostCreateCall, type HostCreateOptions } from "@/lib/hosts";
import { formatBytes } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CheckboxField, Field, TextField, fieldAria, fieldControl } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { failure, fetchJson } from "@/components/containers/container-queries";

function useCreateOptions(target: string) {
  return useQuery({
    queryKey: [...queryKeys.hosts(), target, "create-options"],
    queryFn: async (): Promise<HostCreateOptions> => {
      const res = await fetchJson(`/api/hosts/${encodeURIComponent(target)}/create-options`);
      if (!res.ok) throw await failure(res);
      return (await res.json()) as HostCreateOptions;
    },
  });
}

/**
 * A container on an Incus host: a name (Incus's rule), one of the host's
 * images, for a cluster the member, and whether to start it. The exact REST
 * call is shown as it will be sent; refusals come back at their field.
 */
export function HostCreateForm({ target }: { target: string }) {
  const { data: options, error, isPending } = useCreateOptions(target);
  const router = useRouter();
  const toast = useToast();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [image, setImage] = useState("");
  const [member, setMember] = useState("");
  const [start, setStart] = useState(true);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const chosen = options?.images.find((i) => i.fingerprint === image) ?? options?.images[0];
  const imageValue = chosen?.aliases[0] ?? chosen?.fingerprint ?? "";
  const call = hostCreateCall({ name: name || "NAME", image: imageValue, member: member || undefined, start }, chosen?.fingerprint ?? null);
  const nameProblem = name ? incusNameProblem(name) : null;

  async function submit() {
    setPending(true);
    setErrors({});
    try {
      const r = await createOnHostAction(target, { name, image: chosen?.fingerprint ?? "", member, start });
      if (r.ok) {
        toast({ tone: "ok", content: r.message });
        await client.invalidateQueries({ queryKey: queryKeys.containers() });
        router.push(containerHref({ name, target }));
        return;
      }
      setErrors(r.fieldErrors ?? (r.field ? { [r.field]: r.error } : {}));
      toast({ tone: "error", content: r.error });
    } catch {
      toast({ tone: "error", content: "The dashboard could not be reached; try again." });
    } finally {
      setPending(false);
    }
  }

  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{target}&apos;s images could not be read: {error.message}</p>;
  return (
    <form
      aria-label={`Create a container on ${target}`}
      className="flex max-w-2xl flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextField id="create-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name ?? nameProblem ?? undefined} className="font-mono" autoComplete="off" />
      <Field id="create-image" label="Image" error={errors.image} hint={isPending ? "Reading the host's images…" : options?.images.length === 0 ? `${target} has no container images.` : undefined}>
        <select id="create-image" {...fieldAria("create-image", errors.image)} className={fieldControl} value={chosen?.fingerprint ?? ""} onChange={(e) => setImage(e.target.value)}>
          {options?.images.map((i) => (
            <option key={i.fingerprint} value={i.fingerprint}>
              {(i.aliases[0] ?? i.fingerprint.slice(0, 12))} — {i.description || "no description"} ({i.architecture}, {formatBytes(i.size)})
            </option>
          ))}
        </select>
      </Field>
      {options?.clustered && (
        <Field id="create-member" label="Cluster member" error={errors.member}>
          <select id="create-member" {...fieldAria("create-member", errors.member)} className={fieldControl} value={member} onChange={(e) => setMember(e.target.value)}>
            <option value="">any (Incus chooses)</option>
            {options.members.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} ({m.status})
              </option>
            ))}
          </select>
        </Field>
      )}
      <CheckboxField id="create-start" label="Start it once made" hint="The same request starts it (&quot;start&quot;: true)." checked={start} onChange={setStart} />
      <div className="flex flex-col gap-1">
        <span className="text-sm font-medium">The request</span>
        <CodeBlock text={`${call.method} ${call.path} ${JSON.stringify(call.body)}`} label="the request" />
      </div>
      <div>
        <Button type="submit" variant="primary" disabled={pending || isPending || !chosen}>
          {pending ? "Creating…" : `Create on ${target}`}
        </Button>
      </div>
    </form>
  );
}
