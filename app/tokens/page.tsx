import type { Metadata } from "next";
import { AuthRefused, requirePageUser } from "@/server/auth/next";
import { listMetricsTokens } from "@/server/metrics/tokens";
import { MetricsTokensAdmin } from "@/components/metrics/metrics-tokens-admin";

export const metadata: Metadata = { title: "Metrics tokens" };

export default async function MetricsTokensPage() {
  try {
    await requirePageUser("admin", "view metrics tokens", "/tokens");
  } catch (e) {
    if (!(e instanceof AuthRefused)) throw e;
    return <p className="py-16 text-center text-sm text-muted">{e.refusal.message}</p>;
  }
  return <MetricsTokensAdmin tokens={await listMetricsTokens()} />;
}
