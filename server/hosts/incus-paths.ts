/**
 * The REST paths the dashboard calls on an Incus target, in one place, so an
 * audit row's command and the request sent are the same text. Names are
 * checked before they get here; they hold only [A-Za-z0-9-].
 */
export function withProject(path: string, project: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...(project === "default" ? {} : { project }), ...extra }).toString();
  if (!query) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${query}`;
}

export const incusPaths = {
  server: () => "/1.0",
  instances: () => "/1.0/instances",
  instance: (name: string) => `/1.0/instances/${encodeURIComponent(name)}`,
  instanceState: (name: string) => `/1.0/instances/${encodeURIComponent(name)}/state`,
  instanceExec: (name: string) => `/1.0/instances/${encodeURIComponent(name)}/exec`,
  snapshots: (name: string) => `/1.0/instances/${encodeURIComponent(name)}/snapshots`,
  snapshot: (name: string, snapshot: string) => `/1.0/instances/${encodeURIComponent(name)}/snapshots/${encodeURIComponent(snapshot)}`,
  execOutput: (name: string, file: string) => `/1.0/instances/${encodeURIComponent(name)}/logs/exec-output/${encodeURIComponent(file)}`,
  images: () => "/1.0/images",
  members: () => "/1.0/cluster/members",
  certificates: () => "/1.0/certificates",
  certificate: (fingerprint: string) => `/1.0/certificates/${encodeURIComponent(fingerprint)}`,
};

/** The exact call as the audit log and the page show it: `PUT /1.0/instances/web/state {"action":"start"}`. */
export function formatRestCall(method: string, path: string, body?: unknown): string {
  return body === undefined ? `${method} ${path}` : `${method} ${path} ${JSON.stringify(body)}`;
}
