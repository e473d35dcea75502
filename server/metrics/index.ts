// Usage history: the sampler (every running container's cgroup and veth
// counters and the host's), its rollups in the database, range queries,
// exports and the Prometheus endpoint with its tokens.
import { latestSample } from "@/lib/metrics";
import { liveStore, publishLive } from "../live";
import { peekProcessSingleton, setProcessSingleton } from "../process-singleton";
import { MetricsSampler, type SamplerOptions } from "./sampler";

export { MetricsSampler, type SampleRound, type SamplerOptions } from "./sampler";

const SAMPLER = "metrics-sampler";

/**
 * Starts the one sampler of this process (server/index.ts calls it once at
 * start); a second call returns the first. Running containers and their init
 * PIDs come from the live state store (server/live), and every round is
 * announced on the push stream so open charts fetch their new points.
 */
export function startMetricsSampler(options: SamplerOptions): MetricsSampler {
  const running = peekProcessSingleton<MetricsSampler>(SAMPLER);
  if (running) return running;
  const store = liveStore(options.lxcpath);
  const sampler = new MetricsSampler({
    running: () => store.list().flatMap((c) => (c.state === "RUNNING" && c.pid !== null ? [{ name: c.name, initPid: c.pid }] : [])),
    ...options,
  });
  // Each round's newest values ride along (a few KB), so the list's sparklines and the Overview need no request.
  sampler.onRound((round) =>
    publishLive({ type: "metrics", at: round.at, t: round.host.t, latest: Object.fromEntries([...round.containers].map(([name, p]) => [name, latestSample(p)])) }),
  );
  setProcessSingleton(SAMPLER, sampler);
  sampler.start();
  return sampler;
}

/** The running sampler, from either copy of server/ (the custom server's, Next's bundle's); undefined when none was started. */
export function metricsSampler(): MetricsSampler | undefined {
  return peekProcessSingleton<MetricsSampler>(SAMPLER);
}

/** Stops and forgets the sampler (tests). */
export async function stopMetricsSampler(): Promise<void> {
  await metricsSampler()?.stop();
  setProcessSingleton(SAMPLER, undefined);
}
