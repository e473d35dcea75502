import type { ForwardLimits } from "@/lib/forwards";

/** How this dashboard forwards, said plainly: nftables rules as root, a proxy in the dashboard as a regular user. */
export function MechanismNote({ limits }: { limits: ForwardLimits }) {
  if (limits.mechanism === "nftables") {
    return (
      <p className="text-xs text-muted">
        As nftables DNAT rules in the dashboard&apos;s own table <span className="font-mono">ip {limits.table}</span>: for the LAN and for
        this host at its own address (not localhost). They stay while the dashboard is stopped.
      </p>
    );
  }
  return (
    <p className="text-xs text-muted">
      The dashboard runs as <span className="font-mono">{limits.user}</span>, not root, so it cannot write firewall rules: a TCP proxy inside the
      dashboard carries the traffic (TCP only, host ports from {limits.minHostPort}), and only while the dashboard runs.
    </p>
  );
}
