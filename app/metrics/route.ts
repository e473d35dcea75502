import { prometheusResponse } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

/**
 * The Prometheus endpoint. Not behind a session: a scraper sends
 * `Authorization: Bearer <token>`, checked (and every refusal audited) in
 * server/metrics/tokens.ts.
 */
export const GET = (req: Request) => prometheusResponse(req);
