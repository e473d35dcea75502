import type { Metadata } from "next";
import type { ReactNode } from "react";
import { deliveryLog, listRules, listTargets, mutedContainers } from "@/server/alerts";
import { pageUserOrRefusal } from "@/server/auth/next";
import { RefusedPage } from "@/components/layout/refused-page";
import { AlertMutes } from "@/components/alerts/alert-mutes";
import { AlertRules } from "@/components/alerts/alert-rules";
import { AlertTargets } from "@/components/alerts/alert-targets";
import { DeliveryLog } from "@/components/alerts/delivery-log";

export const metadata: Metadata = { title: "Alerts" };

function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <div>
        <h2 className="text-base font-semibold">{title}</h2>
        <p className="text-sm text-muted">{hint}</p>
      </div>
      {children}
    </section>
  );
}

/** Alert rules, muted containers, targets and the delivery log (admins only: targets hold secrets). */
export default async function AlertsPage() {
  const { refused } = await pageUserOrRefusal("admin", "view alert settings", "/alerts");
  if (refused !== null) return <RefusedPage message={refused} />;
  const [rules, muted, targets, log] = await Promise.all([listRules(), mutedContainers(), listTargets(), deliveryLog()]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">Alerts</h1>
        <p className="text-sm text-muted">
          What the dashboard speaks up about, and where it says so besides the bell. A container that keeps changing
          sends one alert, then one summary with a count every five minutes.
        </p>
      </div>
      <Section title="Rules" hint="Each rule can be switched off.">
        <AlertRules rules={rules} />
      </Section>
      <Section title="Muted containers" hint="No alert of any rule for these.">
        <AlertMutes muted={muted} />
      </Section>
      <Section title="Targets" hint="Webhook (JSON POST), ntfy topic, e-mail over SMTP. Secrets stay on the server: shown only as set or not.">
        <AlertTargets targets={targets} />
      </Section>
      <Section title="Delivery log" hint="Each attempt with the other side's answer; a failed delivery is retried (15 s, 1 min, 5 min, … hourly) up to 10 times.">
        <DeliveryLog entries={log} />
      </Section>
    </div>
  );
}
