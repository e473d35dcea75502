import type { ProcessSampler } from "./process-sampler";

// The row types live in lib/ so the browser can use them too.
export type { HostProcessRow, ProcessRow } from "@/lib/process-types";

/** A running container as the host view needs it. */
export interface ContainerRef {
  name: string;
  /** Its init process on the host (`lxc-info -n NAME -pH`). */
  initPid: number;
}

export interface ReadProcessesOptions {
  /** Defaults to the shared sampler, which keeps samples between refreshes. */
  sampler?: ProcessSampler;
  /** How long to wait for a baseline sample of processes never sampled before; default 200 ms. */
  primeMs?: number;
  /** Defaults to "/proc"; tests point it at a fake tree. */
  procRoot?: string;
}
