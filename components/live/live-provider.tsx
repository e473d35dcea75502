"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { applyLiveEvent } from "./live-cache";
import { LiveConnection, type LiveConnectionState } from "./live-connection";

const LiveStateContext = createContext<LiveConnectionState | null>(null);

/** Opens the tab's push stream while someone is signed in, and feeds the query cache from it. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<LiveConnectionState>("connecting");
  useEffect(() => {
    const connection = new LiveConnection((event) => applyLiveEvent(client, event), setState);
    connection.start();
    return () => connection.stop();
  }, [client]);
  return <LiveStateContext.Provider value={state}>{children}</LiveStateContext.Provider>;
}

/** The push stream's state; null where there is none (signed out). */
export function useLiveConnectionState(): LiveConnectionState | null {
  return useContext(LiveStateContext);
}
