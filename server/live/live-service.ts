import type { ReadinessSummary } from "@/lib/host-readiness";
import { startLiveState } from "./index";
import { watchLeases } from "./leases-watch";
import { startLiveSocketServer, type LiveSocketServer } from "./live-socket";
import { watchLxcNet } from "./lxc-net-watch";
import { startReadinessFeed } from "./readiness-feed";

/**
 * Everything live, started once by the custom server: the state store of
 * the dashboard's lxcpath, the push stream's WebSocket, the host readiness
 * feed, the DHCP leases watch and the lxc-net watch (the bridge or its DHCP
 * going away or coming back: the banner and every running row at once).
 */
export type LiveService = LiveSocketServer;

export function startLiveService(options: { onReadinessChange?: (now: ReadinessSummary, before: ReadinessSummary | null) => void } = {}): LiveService {
  const store = startLiveState();
  const sockets = startLiveSocketServer();
  const readiness = startReadinessFeed(options.onReadinessChange);
  const stopLeases = watchLeases(() => store.addressesMayHaveChanged());
  const stopLxcNet = watchLxcNet(() => {
    readiness.recheck("bridge");
    void store.networkMayHaveChanged();
  });
  return {
    ...sockets,
    shutdown() {
      readiness.stop();
      stopLeases();
      stopLxcNet();
      sockets.shutdown();
      store.stop();
    },
  };
}
