"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes } from "@/lib/format-units";
import { containerKey } from "@/lib/hosts";
import { AddressList } from "@/components/containers/address-list";
import { ContainerNotFound } from "@/components/containers/container-not-found";
import { ContainerPageSkeleton } from "@/components/containers/container-page-skeleton";
import { HostContainerHeader } from "./host-container-header";
import { useHostContainer } from "./host-container-queries";
import { MoveToMember } from "./move-dialog";

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] items-start gap-3 border-b border-line py-2 last:border-b-0">
      <dt className="text-sm text-muted">{term}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted">—</span>;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="mb-2 text-sm font-semibold text-muted">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** An Incus container's page: state and addresses live (its host's event stream), its config as Incus holds it. */
export function HostContainerView({ target, name }: { target: string; name: string }) {
  const { data, error, isPending } = useHostContainer(target, name);
  if (isPending) return <ContainerPageSkeleton />;
  if (data === null) return <ContainerNotFound name={name} />;
  if (!data) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        The container could not be loaded: {error?.message}
      </p>
    );
  }
  const key = containerKey({ name, target });
  return (
    <div className="flex flex-col gap-6">
      <HostContainerHeader
        target={target}
        name={name}
        current="Overview"
        extra={data.clustered ? <MoveToMember target={target} name={name} member={data.member} stopped={data.state === "STOPPED"} /> : null}
      />
      <Section id="overview" title="Overview">
        <dl className="rounded-md border border-line bg-panel px-4">
          <Item term="Host">
            <span className="font-mono">{target}</span>
            {data.clustered && <span className="text-muted"> · member <span className="font-mono">{data.member ?? "—"}</span></span>}
          </Item>
          <Item term="IPv4">
            <AddressList addresses={data.ipv4} />
          </Item>
          <Item term="IPv6">
            <AddressList addresses={data.ipv6} />
          </Item>
          <Item term="PID">{data.pid === null ? (data.local ? none : <span className="text-muted">on {target}, not this machine</span>) : <span className="font-mono">{data.pid}</span>}</Item>
          <Item term="Memory">{data.memoryBytes === null ? none : <span className="font-mono">{formatBytes(data.memoryBytes)}</span>}</Item>
          <Item term="Unprivileged">{data.unprivileged ? "yes" : "no — security.privileged is true: root in the container is root on the host"}</Item>
          <Item term="Autostart">{data.autostart ? "yes (boot.autostart)" : "no"}</Item>
          <Item term="Image">{data.image ?? none}</Item>
          <Item term="Architecture">
            <span className="font-mono">{data.architecture}</span>
          </Item>
          <Item term="Profiles">
            <span className="font-mono">{data.profiles.join(", ") || "—"}</span>
          </Item>
          <Item term="Created">
            <time dateTime={data.createdAt}>{new Date(data.createdAt).toLocaleString()}</time>
          </Item>
          <Item term="Snapshots">{data.snapshots}</Item>
        </dl>
      </Section>
      <Section id="devices" title="Devices">
        <ul className="rounded-md border border-line bg-panel px-4 py-2 font-mono text-xs">
          {data.devices.map((d) => (
            <li key={d.name} className="py-0.5">
              <span className="font-semibold">{d.name}</span> ({d.type}) {d.detail}
            </li>
          ))}
          {data.devices.length === 0 && <li className="text-muted">none</li>}
        </ul>
      </Section>
      <Section id="config" title="Config">
        <ul className="rounded-md border border-line bg-panel px-4 py-2 font-mono text-xs">
          {data.config.map(([k, v]) => (
            <li key={k} className="py-0.5 break-all">
              {k}: {v}
            </li>
          ))}
          {data.config.length === 0 && <li className="text-muted">no keys of its own (profiles only)</li>}
        </ul>
      </Section>
      <Section id="activity" title="Activity">
        <Link href={`/audit?container=${encodeURIComponent(key)}`} className="text-sm text-accent hover:underline">
          {name} in the audit log (every action with its exact REST call)
        </Link>
      </Section>
    </div>
  );
}
