import type { Metadata } from "next";
import { pageUserOrRefusal } from "@/server/auth/next";
import { RefusedPage } from "@/components/layout/refused-page";
import { listMetricsTokens } from "@/server/metrics/tokens";
import { MetricsTokensAdmin } from "@/components/metrics/metrics-tokens-admin";

export const metadata: Metadata = { title: "Metrics tokens" };

export default async function MetricsTokensPage() {
  const { refused } = await pageUserOrRefusal("admin", "view metrics tokens", "/tokens");
  if (refused !== null) return <RefusedPage message={refused} />;
  return <MetricsTokensAdmin tokens={await listMetricsTokens()} />;
}
