import { lxcNetFacts, type LxcNetFacts } from "../host/lxc-net-facts";

/**
 * lxc-net stopped or started, its bridge taken down or its dnsmasq dead:
 * noticed within a couple of seconds instead of at the next readiness check
 * (a minute) or reconciliation (30 s). Three small reads of /sys, /proc and
 * lxc-net's pid file per look; nothing spawned. There is no inotify for
 * /sys, and a dnsmasq that dies leaves its pid file behind, so it looks.
 */
export const LXC_NET_LOOK_MS = 2000;

export function watchLxcNet(onChange: (now: LxcNetFacts) => void, everyMs = LXC_NET_LOOK_MS): () => void {
  let last: string | null = null;
  let busy = false;
  const look = async () => {
    if (busy) return;
    busy = true;
    try {
      const facts = await lxcNetFacts();
      const sig = `${facts.up}|${facts.routed}|${facts.dnsmasqPid}`;
      if (last !== null && sig !== last) onChange(facts);
      last = sig;
    } finally {
      busy = false;
    }
  };
  void look();
  const timer = setInterval(() => void look().catch((err: unknown) => console.warn("live: looking at lxc-net failed", err)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
