"use server";

import type { ActionResult } from "@/lib/api-types";
import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";
import { deleteImage, refreshImage } from "@/server/images";

const refresh = guardedAction("admin", "refresh image", async (actor, input: unknown) => refreshImage(whoIs(actor), input));
const remove = guardedAction("admin", "delete image", async (actor, input: unknown) => deleteImage(whoIs(actor), input));

/** Downloads the newest build of a cached image from the image server (input: dist, release, arch, variant, server). */
export async function refreshCachedImage(input: unknown): Promise<ActionResult> {
  return refresh(input);
}

/** Deletes a cached image (input: dist, release, arch, variant); the page asked for confirmation first. */
export async function deleteCachedImage(input: unknown): Promise<ActionResult> {
  return remove(input);
}
