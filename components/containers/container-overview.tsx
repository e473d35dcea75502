import type { ReactNode } from "react";
import type { ContainerDetail } from "@/lib/container-types";
import { formatBytes } from "@/lib/format-units";
import { idmapSentence } from "@/lib/idmap-text";
import { CopyButton } from "@/components/ui/copy-button";
import { AddressList } from "./address-list";

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] items-start gap-3 border-b border-line py-2 last:border-b-0">
      <dt className="text-sm text-muted">{term}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted">—</span>;

function Path({ path, label }: { path: string; label: string }) {
  return (
    <span className="flex items-center gap-1">
      <span className="font-mono text-xs break-all">{path}</span>
      <CopyButton text={path} label={label} />
    </span>
  );
}

export function ContainerOverview({ container }: { container: ContainerDetail }) {
  return (
    <dl className="rounded-md border border-line bg-panel px-4">
      <Item term="IPv4">
        <AddressList addresses={container.ipv4} note={container.addressNote} />
      </Item>
      <Item term="IPv6">
        <AddressList addresses={container.ipv6} />
      </Item>
      <Item term="PID">{container.pid === null ? none : <span className="font-mono">{container.pid}</span>}</Item>
      <Item term="Memory">
        {container.memoryBytes === null ? none : <span className="font-mono">{formatBytes(container.memoryBytes)}</span>}
      </Item>
      <Item term="Unprivileged">
        {container.unprivileged ? (
          <>
            <span>yes</span>
            {container.idmap.length > 0 && (
              <ul className="mt-1 flex flex-col gap-0.5 font-mono text-xs">
                {container.idmap.map((e) => (
                  <li key={`${e.kind}-${e.containerId}`}>{idmapSentence(e)}</li>
                ))}
              </ul>
            )}
          </>
        ) : (
          "no — root in the container is root on the host"
        )}
      </Item>
      <Item term="Autostart">{container.autostart ? "yes" : "no"}</Item>
      <Item term="Root filesystem">
        <Path path={container.rootfsPath} label="the rootfs path" />
        <span className="text-xs text-muted">
          {container.rootfsBytes === null ? "size on disk not measured yet" : `${formatBytes(container.rootfsBytes)} on disk`}
        </span>
      </Item>
      <Item term="Config file">
        <Path path={container.configPath} label="the config file path" />
      </Item>
    </dl>
  );
}
