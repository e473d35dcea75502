/**
 * Services found in a container: the TCP and UDP sockets it listens on, read
 * from its own network namespace on the host (server/services/), with the
 * program behind each. Shared by the server and the browser.
 */

export type ServiceProtocol = "tcp" | "udp";

export interface ListeningService {
  protocol: ServiceProtocol;
  port: number;
  /** The addresses it is bound to, as `ss` prints them: "0.0.0.0", "::", "127.0.0.1"... */
  addresses: string[];
  /** The program holding the socket (its comm, e.g. "nginx"); null when no process of the container holds it. */
  program: string | null;
  /** That program's PID inside the container (what `ss -p` run inside would print); null with no program. */
  pid: number | null;
  /** Bound to a wildcard or a non-loopback address: reachable from outside the container, so it can be exposed. */
  reachable: boolean;
}

/** GET /api/containers/NAME/services */
export interface ContainerServicesResponse {
  running: boolean;
  services: ListeningService[];
}

/** "nginx :80", "dnsmasq :53/udp": how a chip names a service. */
export function serviceLabel(service: Pick<ListeningService, "program" | "port" | "protocol">): string {
  return `${service.program ?? "?"} :${service.port}${service.protocol === "udp" ? "/udp" : ""}`;
}

const WEB_PORTS = new Set([80, 443, 3000, 5000, 8000, 8008, 8080, 8081, 8443, 8888, 9000]);
const TLS_PORTS = new Set([443, 8443]);
const WEB_PROGRAMS = new Set(["nginx", "httpd", "apache2", "lighttpd", "caddy", "traefik", "haproxy"]);

/** Whether a browser can likely open the service: a TCP port web servers use, or a web server's own socket. */
export function isWebService(service: Pick<ListeningService, "program" | "port" | "protocol">): boolean {
  if (service.protocol !== "tcp") return false;
  return WEB_PORTS.has(service.port) || (service.program !== null && WEB_PROGRAMS.has(service.program));
}

/** Whether a web service on this port (in the container) speaks TLS: the usual TLS ports. */
export function isTlsPort(port: number): boolean {
  return TLS_PORTS.has(port);
}

/** The URL of a web service at `host` (an address or name) and `port`; https when `tls`. */
export function webUrl(host: string, port: number, tls = isTlsPort(port)): string {
  const scheme = tls ? "https" : "http";
  const h = host.includes(":") ? `[${host}]` : host;
  const defaultPort = scheme === "https" ? 443 : 80;
  return `${scheme}://${h}${port === defaultPort ? "" : `:${port}`}/`;
}
