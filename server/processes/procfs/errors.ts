/** The container's init process no longer exists: the container has stopped. */
export class ContainerNotRunning extends Error {
  override readonly name = "ContainerNotRunning";
  constructor(readonly initPid: number) {
    super("The container is not running.");
  }
}

export type SignalRefusalReason =
  /** No such process (it exited, or the PID was never valid). */
  | "no-such-process"
  /** The process exists but in another PID namespace: a forged or stale request. */
  | "not-in-container"
  /** The PID now belongs to another process than the one shown (PID reuse). */
  | "process-replaced"
  /** Init is the container itself: stopping it is the container's Stop action. */
  | "container-init";

/** A signal request refused before anything was signalled. */
export class SignalRefused extends Error {
  override readonly name = "SignalRefused";
  constructor(
    readonly reason: SignalRefusalReason,
    message: string,
  ) {
    super(message);
  }
}
