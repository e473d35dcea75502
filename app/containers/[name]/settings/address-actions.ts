"use server";

import type { FixedAddressResult } from "@/lib/fixed-address";
import { setFixedAddress } from "@/server/addresses/fixed-address";
import { guardedAction } from "@/server/auth/next";
import { whoIs } from "@/server/containers/who";

const set = guardedAction(
  "admin",
  "fixed address",
  async (actor, name: string, address: unknown) => setFixedAddress(whoIs(actor), name, address),
  { container: (name) => name },
);

/** Pins the container's IPv4 address (a DHCP reservation on its bridge); "" lets DHCP choose again. */
export async function setFixedAddressAction(name: string, address: string): Promise<FixedAddressResult> {
  const r = await set(name, address);
  return "refusal" in r ? { ok: false, error: r.error } : r;
}
