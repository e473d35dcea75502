"use server";

import type { SettingsActionResult } from "@/lib/container-settings";
import type { DiffLine } from "@/lib/line-diff";
import { guardedAction } from "@/server/auth/next";
import { previewSettings, saveSettings } from "@/server/containers/settings-service";
import { whoIs } from "@/server/containers/who";

type Preview = SettingsActionResult<{ diff: DiffLine[]; fingerprint: string; description: string }>;
type Saved = SettingsActionResult<{ message: string }>;

const preview = guardedAction(
  "admin",
  "review settings",
  async (_actor, name: string, values: unknown) => previewSettings(name, values),
  { container: (name) => name },
);

const save = guardedAction(
  "admin",
  "change settings",
  async (actor, name: string, values: unknown, fingerprint: string) => saveSettings(whoIs(actor), name, values, fingerprint),
  { container: (name) => name },
);

/** The diff writing these values would make to the container's config; nothing is written. */
export async function previewSettingsAction(name: string, values: unknown): Promise<Preview> {
  const r = await preview(name, values);
  return "refusal" in r ? { ok: false, error: r.error, fieldErrors: {} } : r;
}

/** Writes the reviewed change; `fingerprint` names the config text the diff was made from. */
export async function saveSettingsAction(name: string, values: unknown, fingerprint: string): Promise<Saved> {
  const r = await save(name, values, fingerprint);
  return "refusal" in r ? { ok: false, error: r.error, fieldErrors: {} } : r;
}
