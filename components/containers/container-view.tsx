"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { ServiceExposure } from "@/components/forwards/service-exposure";
import { ServicesPanel } from "@/components/services/services-panel";
import { MigrateToIncus } from "@/components/hosts/migrate-dialog";
import { useCanAct } from "@/components/layout/current-user";
import { ContainerNotFound } from "./container-not-found";
import { ContainerOverview } from "./container-overview";
import { ContainerPageHeader } from "./container-page-header";
import { ContainerPageSkeleton } from "./container-page-skeleton";
import { useContainerDetail } from "./container-queries";

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-16">
      <h2 id={`${id}-heading`} className="mb-2 text-sm font-semibold text-muted">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A container's page, kept current by the push stream; `activity` is its Activity feed. */
export function ContainerView({ name, activity }: { name: string; activity: ReactNode }) {
  const { data, error, isPending } = useContainerDetail(name);
  const canAct = useCanAct();

  if (isPending) return <ContainerPageSkeleton />;
  if (data === null) return <ContainerNotFound name={name} />;
  if (!data) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        The container could not be loaded: {error?.message}
      </p>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <ContainerPageHeader
        name={name}
        notice={
          error && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              The last refresh failed ({error.message}); showing the container as it was.
            </p>
          )
        }
      />

      <Section id="overview" title="Overview">
        <ContainerOverview container={data} />
      </Section>

      <Section id="services" title="Services">
        <ServicesPanel
          name={name}
          address={data.ipv4[0] ?? null}
          action={(service) => <ServiceExposure container={name} service={service} />}
        />
      </Section>

      {/* Shown only when an Incus daemon on this machine has been added as a host. */}
      {canAct && <MigrateToIncus name={name} stopped={data.state === "STOPPED"} />}

      <Section id="config" title="Config">
        <p className="mb-2 font-mono text-xs text-muted">{data.configPath}</p>
        <CodeBlock text={data.configText} label="the config file" className="max-h-[28rem] overflow-auto" />
      </Section>

      <Section id="activity" title="Activity">
        {activity}
        <Link
          href={`/audit?container=${encodeURIComponent(name)}`}
          className="mt-2 inline-block text-sm text-accent hover:underline"
        >
          {name} in the audit log (with stderr and durations)
        </Link>
      </Section>
    </div>
  );
}
