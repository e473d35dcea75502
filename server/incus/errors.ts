import { LxcError } from "../lxc/errors";

/**
 * What can go wrong talking to an Incus host, each one sentence a person can
 * read (the Hosts page shows them in the target's row). LxcError subclasses,
 * so every place that turns adapter errors into answers and audit rows
 * (isLxcError, failureFields) handles these too.
 */

/** Nothing answered: refused, timed out, no route, the socket missing. */
export class HostUnreachable extends LxcError {
  readonly code = "HOST_UNREACHABLE";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${host} (${address}) could not be reached: ${reason}`);
  }
}

/** The server presented another certificate than the one trusted when it was added: the connection was dropped before anything was sent. */
export class HostCertificateMismatch extends LxcError {
  readonly code = "HOST_CERTIFICATE_MISMATCH";
  constructor(
    readonly host: string,
    readonly expected: string,
    readonly presented: string | null,
  ) {
    super(
      presented
        ? `${host} presented another certificate (SHA-256 ${shortFingerprint(presented)}) than the one trusted (${shortFingerprint(expected)}); nothing was sent to it`
        : `${host} did not present the trusted certificate (${shortFingerprint(expected)}); nothing was sent to it`,
    );
  }
}

/** Incus answered, with an error (a 4xx/5xx, or a failed operation). `status` is Incus's HTTP status. */
export class HostRefused extends LxcError {
  readonly code = "HOST_REFUSED";
  constructor(
    readonly host: string,
    readonly status: number,
    readonly incusError: string,
    /** The form field this error is about, when it is one (an image, a member, a name). */
    readonly field?: string,
  ) {
    super(`Incus on ${host} answered ${status}: ${incusError || "no reason given"}`);
  }
}

/** "ab12cd34…ef56": enough of a SHA-256 fingerprint to tell two apart in a sentence. */
export function shortFingerprint(fingerprint: string): string {
  const f = fingerprint.replaceAll(":", "").toLowerCase();
  return f.length > 16 ? `${f.slice(0, 12)}…${f.slice(-4)}` : f;
}
