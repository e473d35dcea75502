"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createMetricsTokenAction, revokeMetricsTokenAction } from "@/app/tokens/actions";
import { formatTimestamp } from "@/lib/format-units";
import type { MetricsTokenView } from "@/lib/metrics-tokens";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { ActionsTh, Table, TableMessageRow, Td, Th } from "@/components/ui/table";

/** The Prometheus scrape job for a token (the address is the one this page was reached at). */
function scrapeConfig(token: string): string {
  const target = typeof window === "undefined" ? "DASHBOARD:3000" : window.location.host;
  return [
    "scrape_configs:",
    "  - job_name: lxc-dashboard",
    `    scheme: ${typeof window === "undefined" ? "http" : window.location.protocol.replace(":", "")}`,
    "    authorization:",
    `      credentials: ${token}`,
    "    static_configs:",
    `      - targets: ["${target}"]`,
  ].join("\n");
}

/** Admins make and revoke the bearer tokens Prometheus (or Grafana Agent…) scrapes /metrics with. */
export function MetricsTokensAdmin({ tokens }: { tokens: MetricsTokenView[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    const result = await createMetricsTokenAction(new FormData(form).get("name")).catch(() => ({ ok: false as const, error: "The dashboard server did not answer; try again." }));
    setPending(false);
    setNameError(!result.ok && "field" in result && result.field === "name" ? result.error : undefined);
    setMessage(result.ok ? { ok: true, text: result.message } : "field" in result && result.field ? null : { ok: false, text: result.error });
    setMade(result.ok ? result.token : null);
    if (result.ok) {
      form.reset();
      router.refresh();
    }
  }

  async function onRevoke(token: MetricsTokenView) {
    const result = await revokeMetricsTokenAction(token.id);
    setMessage(result.ok ? { ok: true, text: result.message } : { ok: false, text: result.error });
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">Metrics tokens</h1>
        <p className="text-sm text-muted">
          Prometheus scrapes <code className="font-mono text-xs">/metrics</code> with one of these as a bearer token. Only a hash is kept: a token
          is shown once, when it is made. Without a valid token a scrape gets 401 and an audit row.
        </p>
      </div>

      <section aria-labelledby="new-token" className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4">
        <h2 id="new-token" className="text-base font-semibold">
          New token
        </h2>
        <form onSubmit={onCreate} className="flex flex-wrap items-end gap-3">
          <TextField id="token-name" name="name" label="Name" hint="Who will use it, e.g. prometheus on nas." error={nameError} autoComplete="off" />
          <Button type="submit" variant="primary" disabled={pending}>
            Make token
          </Button>
        </form>
        <FormMessage result={message} />
        {made && (
          <div className="flex flex-col gap-2">
            <p className="text-sm font-medium">The token (copy it now; it is not shown again):</p>
            <CodeBlock text={made} label="Copy the token" />
            <p className="text-sm text-muted">A Prometheus scrape job for it:</p>
            <CodeBlock text={scrapeConfig(made)} label="Copy the scrape job" />
          </div>
        )}
      </section>

      <section aria-labelledby="tokens" className="flex flex-col gap-2">
        <h2 id="tokens" className="text-base font-semibold">
          Tokens
        </h2>
        <Table label="Metrics tokens">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Made</Th>
              <Th>Last used</Th>
              <Th>State</Th>
              <ActionsTh />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <Td>{t.name}</Td>
                <Td className="font-mono text-xs">{t.prefix}…</Td>
                <Td className="text-xs">
                  {formatTimestamp(t.createdAt)} by {t.createdBy}
                </Td>
                <Td className="text-xs">{t.lastUsedAt ? formatTimestamp(t.lastUsedAt) : "never"}</Td>
                <Td>{t.revokedAt ? <Badge tone="grey">revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                <Td className="text-right">
                  {!t.revokedAt && (
                    <Button size="sm" variant="danger" onClick={() => void onRevoke(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
            {tokens.length === 0 && <TableMessageRow columns={6}>No tokens yet.</TableMessageRow>}
          </tbody>
        </Table>
      </section>
    </div>
  );
}
