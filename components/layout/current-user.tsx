"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/roles";

/** The signed-in user as the browser may know it: enough to hide what they cannot do. */
export interface CurrentUser {
  name: string;
  role: Role;
}

const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser | null; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): CurrentUser | null {
  return useContext(CurrentUserContext);
}

/**
 * Whether to offer actions (start, create, destroy...). Hiding them from a
 * viewer is a courtesy; the server checks every action itself.
 */
export function useCanAct(): boolean {
  return useCurrentUser()?.role === "admin";
}
