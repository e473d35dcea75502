import type { ActionResult } from "@/lib/api-types";
import { incusNameProblem } from "@/lib/container-name";
import { hostCreateCall, type HostCreateInput } from "@/lib/hosts";
import type { Who } from "../containers/who";
import { isLxcError } from "../lxc/errors";
import { hostCreateOptions } from "./create-options";
import { entryOr, isEntry } from "./incus-actions";
import { runRestAction } from "./rest-action";

export type HostCreateResult = ActionResult & { fieldErrors?: Record<string, string> };

function refuse(field: string, error: string): HostCreateResult {
  return { ok: false, error, field, fieldErrors: { [field]: error } };
}

/**
 * Makes a container on an Incus host from one of its images, on a chosen
 * member of a cluster. Everything is checked before anything is sent, each
 * refusal at its field: the name against Incus's rule and the host's
 * containers, the image against the host's images, the member against the
 * cluster's members. Then one audited REST call (POST /1.0/instances), its
 * operation waited for; `start` makes Incus start it too.
 */
export async function createOnHost(who: Who, target: string, raw: unknown): Promise<HostCreateResult> {
  const input = (raw ?? {}) as Partial<HostCreateInput>;
  const name = typeof input.name === "string" ? input.name.trim() : "";
  const problem = incusNameProblem(name);
  if (problem) return refuse("name", problem);
  const entry = await entryOr(target);
  if (!isEntry(entry)) return entry;
  if (entry.store.get(name)) return refuse("name", `A container named ${name} already exists on ${target}.`);
  let options;
  try {
    options = await hostCreateOptions(entry);
  } catch (err) {
    return { ok: false, error: isLxcError(err) ? err.message : String(err) };
  }
  const imageText = typeof input.image === "string" ? input.image.trim() : "";
  const image = options.images.find((i) => i.fingerprint === imageText || i.aliases.includes(imageText) || (imageText.length >= 12 && i.fingerprint.startsWith(imageText)));
  if (!image) return refuse("image", imageText ? `${target} has no container image "${imageText}".` : "Choose an image.");
  const member = typeof input.member === "string" ? input.member.trim() : "";
  if (member && !options.clustered) return refuse("member", `${target} is not a cluster; leave the member empty.`);
  if (member && !options.members.some((m) => m.name === member)) return refuse("member", `${target} has no cluster member "${member}".`);
  const call = hostCreateCall({ name, image: imageText, member: member || undefined, start: input.start === true }, image.fingerprint);
  return runRestAction(who, entry, {
    action: "create",
    busy: "creating",
    name,
    calls: [{ ...call, operation: true, waitSeconds: 300 }],
    done: `${name} created on ${target}${member ? ` (${member})` : ""}${input.start === true ? " and started" : ""}`,
  });
}
