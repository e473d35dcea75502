import { containerNameProblem } from "@/lib/container-name";
import { interfaceNameProblem, latestSample, SPARKLINE_SECONDS, type OverviewResponse, type SparklinesResponse, type TopContainer } from "@/lib/metrics";
import { parseRangeQuery } from "@/lib/metrics-query";
import { containerExists, lxcPath } from "../lxc";
import { CLIENT_ADDRESS_HEADER } from "../auth/client-address";
import { exportFileName, seriesCsv } from "./export";
import { prometheusText } from "./prometheus";
import { metricsSampler } from "./index";
import { hasHistory, interfacesWithHistory, readSeries, type SeriesSource } from "./query";
import { authorizeScrape } from "./tokens";
import { dayAverages } from "./top-containers";

const badRequest = (error: string) => Response.json({ error }, { status: 400 });

function source(): SeriesSource {
  return { lxcpath: lxcPath(), sampler: metricsSampler(), now: Date.now() };
}

type Target = { ok: true; container: string | null } | { ok: false; response: Response };

/** "host" or a container's name: checked, and a container must exist or have history here (404 otherwise). */
async function target(name: string | null, src: SeriesSource): Promise<Target> {
  if (name === null || name === "") return { ok: false, response: badRequest("Say whose series: container=NAME, or container=host for the host's.") };
  if (name === "host") return { ok: true, container: null };
  const problem = containerNameProblem(name);
  if (problem) return { ok: false, response: badRequest(`container: ${problem}`) };
  if (!(await hasHistory(name, src)) && !(await containerExists(name))) {
    return { ok: false, response: Response.json({ error: `There is no container ${name} and no history of one.` }, { status: 404 }) };
  }
  return { ok: true, container: name };
}

type InterfaceChoice = { ok: true; iface: string | null } | { ok: false; response: Response };

/** ?interface=eth0: one of the container's network interfaces with a history here (400 for the host or a bad name, 404 for an unknown one). */
async function interfaceChoice(container: string | null, iface: string | null, src: SeriesSource): Promise<InterfaceChoice> {
  if (iface === null || iface === "") return { ok: true, iface: null };
  if (container === null) return { ok: false, response: badRequest("The host's series has no per-interface view; leave out interface.") };
  const problem = interfaceNameProblem(iface);
  if (problem) return { ok: false, response: badRequest(problem) };
  if (!(await interfacesWithHistory(container, src)).includes(iface)) {
    return { ok: false, response: Response.json({ error: `${container} has no history of an interface ${iface}.` }, { status: 404 }) };
  }
  return { ok: true, iface };
}

/** GET …?range=1h or ?from=&to=&step=, and &interface=eth0 for one network interface: one series as JSON columns. */
export async function seriesResponse(name: string | null, url: URL): Promise<Response> {
  const src = source();
  const who = await target(name, src);
  if (!who.ok) return who.response;
  const params = new URLSearchParams(url.searchParams);
  const iface = await interfaceChoice(who.container, params.get("interface"), src);
  if (!iface.ok) return iface.response;
  params.delete("interface");
  const q = parseRangeQuery(params, Math.floor(src.now / 1000));
  if (!q.ok) return badRequest(q.error);
  return Response.json(await readSeries(who.container, q.query, src, iface.iface));
}

/** GET /api/metrics/export?container=NAME|host[&interface=eth0]&format=csv|json&range=… or from/to/step: a download of any range kept. */
export async function exportResponse(url: URL): Promise<Response> {
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "json") return badRequest("format must be csv or json.");
  const src = source();
  const who = await target(url.searchParams.get("container"), src);
  if (!who.ok) return who.response;
  const params = new URLSearchParams(url.searchParams);
  const iface = await interfaceChoice(who.container, params.get("interface"), src);
  if (!iface.ok) return iface.response;
  for (const name of ["container", "format", "interface"]) params.delete(name);
  const q = parseRangeQuery(params, Math.floor(src.now / 1000));
  if (!q.ok) return badRequest(q.error);
  const series = await readSeries(who.container, q.query, src, iface.iface);
  const body = format === "csv" ? seriesCsv(series) : JSON.stringify(series);
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="${exportFileName(series, format)}"`,
      "cache-control": "no-store",
    },
  });
}

/** GET /api/metrics/sparklines: the last 15 minutes of CPU and memory of every container sampled, from memory. */
export function sparklinesResponse(): Response {
  const sampler = metricsSampler();
  const answer: SparklinesResponse = {};
  if (sampler) {
    const from = Math.floor(Date.now() / 1000) - SPARKLINE_SECONDS;
    for (const name of sampler.runningNames()) {
      const points = [...sampler.series(name)!.ring.since(from)];
      answer[name] = {
        t: points.map((p) => p.t),
        cpu: points.map((p) => p.cpu),
        mem: points.map((p) => p.mem),
        memLimit: points.at(-1)?.memLimit ?? null,
      };
    }
  }
  return Response.json(answer);
}

/** GET /api/metrics/overview: every running container now, and each container's averages over 24 h, for the top tables. */
export async function overviewResponse(): Promise<Response> {
  const src = source();
  const sampler = src.sampler;
  const now: TopContainer[] = [];
  for (const name of sampler?.runningNames() ?? []) {
    const p = sampler!.series(name)!.ring.latest();
    if (p) {
      const { cpu, mem, net } = latestSample(p);
      now.push({ name, cpu, mem, net });
    }
  }
  const answer: OverviewResponse = {
    now,
    day: await dayAverages(src),
    sampledAt: sampler?.lastRound() ?? null,
    intervalSeconds: sampler?.intervalSeconds ?? 0,
  };
  return Response.json(answer);
}

/** GET /metrics: the Prometheus exposition, for a bearer token an admin made (401 and an audit row otherwise). */
export async function prometheusResponse(req: Request): Promise<Response> {
  const auth = await authorizeScrape(req.headers.get("authorization"), req.headers.get(CLIENT_ADDRESS_HEADER));
  if (!auth.ok) {
    return new Response(`401 Unauthorized: ${auth.reason === "no-token" ? "send Authorization: Bearer <token>; an admin makes tokens on the Metrics tokens page" : "that token is not valid"}\n`, {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="lxc-dashboard metrics"', "content-type": "text/plain; charset=utf-8" },
    });
  }
  const sampler = metricsSampler();
  const readings = sampler?.latestReadings() ?? { containers: [], host: undefined };
  return new Response(prometheusText({ ...readings, lastRoundMs: sampler?.lastRound() ?? null }), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
