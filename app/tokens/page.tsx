import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/next";
import { listMetricsTokens } from "@/server/metrics/tokens";
import { MetricsTokensAdmin } from "@/components/metrics/metrics-tokens-admin";

export const metadata: Metadata = { title: "Metrics tokens" };

export default async function MetricsTokensPage() {
  await requirePageUser("admin", "view metrics tokens", "/tokens");
  return <MetricsTokensAdmin tokens={await listMetricsTokens()} />;
}
