"use client";

import { useSyncExternalStore } from "react";
import { isTlsPort, isWebService, webUrl } from "@/lib/services";
import type { ForwardView } from "@/lib/forwards";

const subscribe = () => () => {};
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/;

/**
 * Where a browser reaches this host's forwards: the name it already uses for
 * the dashboard (a LAN address or name), unless that is loopback, which a
 * forward does not answer on: then the host's first LAN address.
 */
function useForwardHost(hostAddresses: readonly string[]): string | null {
  const current = useSyncExternalStore(subscribe, () => window.location.hostname, () => null);
  if (current === null) return null;
  return LOOPBACK.test(current) ? (hostAddresses[0] ?? null) : current;
}

/** "18080/tcp"; a link to it on this host when it forwards a web port. */
export function HostPortLink({
  forward,
  hostAddresses,
}: {
  forward: Pick<ForwardView, "hostPort" | "protocol" | "containerPort">;
  hostAddresses: readonly string[];
}) {
  const host = useForwardHost(hostAddresses);
  const label = `${forward.hostPort}/${forward.protocol}`;
  const web = isWebService({ protocol: forward.protocol, port: forward.containerPort, program: null });
  if (!web || !host) return <span className="font-mono text-xs">{label}</span>;
  const href = webUrl(host, forward.hostPort, isTlsPort(forward.containerPort));
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" title={`Open ${href}`} className="font-mono text-xs text-accent hover:underline">
      {label}
    </a>
  );
}
