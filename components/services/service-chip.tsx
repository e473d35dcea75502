import { isWebService, serviceLabel, webUrl, type ListeningService } from "@/lib/services";

const CHIP =
  "inline-flex h-5 items-center rounded border border-line bg-panel-raised px-1.5 font-mono text-[11px] whitespace-nowrap";

/** What a chip's tooltip says: who listens where, as `ss -ltunp` would put it. */
export function serviceTitle(s: ListeningService): string {
  const who = s.program ? `${s.program}${s.pid === null ? "" : ` (PID ${s.pid} in the container)`}` : "A program outside the container's processes";
  const where = s.addresses.join(", ");
  const local = s.reachable ? "" : "; bound to loopback only, so nothing outside the container reaches it";
  return `${who} listens on ${s.protocol.toUpperCase()} port ${s.port} at ${where}${local}`;
}

/**
 * One service as a chip, "httpd :80". A web service is a link: to `href`
 * when given (a forward of the host's), else to the container's own address.
 */
export function ServiceChip({ service, address, href }: { service: ListeningService; address: string | null; href?: string }) {
  const label = serviceLabel(service);
  const link = href ?? (address && service.reachable && isWebService(service) ? webUrl(address, service.port) : null);
  if (link) {
    return (
      <a href={link} target="_blank" rel="noopener noreferrer" title={serviceTitle(service)} className={`${CHIP} text-accent hover:underline`}>
        {label}
      </a>
    );
  }
  return (
    <span title={serviceTitle(service)} className={`${CHIP} ${service.reachable ? "" : "text-muted"}`}>
      {label}
    </span>
  );
}

/** The list's compact column: the first few chips and "+N" for the rest (named in its tooltip). */
export function ServiceChips({ services, address, max = 3 }: { services: ListeningService[] | undefined; address: string | null; max?: number }) {
  if (!services || services.length === 0) return <span className="text-muted">—</span>;
  const shown = services.slice(0, max);
  const rest = services.slice(max);
  return (
    <ul aria-label="Services" className="flex flex-wrap gap-1">
      {shown.map((s) => (
        <li key={`${s.protocol}/${s.port}/${s.program}`}>
          <ServiceChip service={s} address={address} />
        </li>
      ))}
      {rest.length > 0 && (
        <li title={rest.map(serviceLabel).join(", ")} className="font-mono text-[11px] text-muted">
          +{rest.length}
        </li>
      )}
    </ul>
  );
}
