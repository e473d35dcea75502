import { isLxcError, runTool, type CommandResult, type RunOptions } from "../lxc";

/**
 * Downloads from the image server with wget, the tool lxc-download itself
 * uses: whatever makes `lxc-create -t download` trust a server (the system's
 * CA store, /etc/wgetrc, ~/.wgetrc with `ca_certificate` for a mirror with a
 * private CA) makes the catalogue and a cache refresh trust it too, and the
 * other way round. Always an argument array; the URL is built only from a
 * validated host and a validated index path.
 */

/** A download that failed; `message` is one sentence for the page. */
export class ImageServerError extends Error {
  override name = "ImageServerError";
}

// wget's exit statuses (wget(1), EXIT STATUS).
const WGET_EXIT: Record<number, string> = {
  4: "could not be reached (network failure)",
  5: "presented a certificate that is not trusted (SSL verification failed)",
  6: "asked for a user name and password",
  7: "answered with something that is not HTTP",
  8: "answered with an error (not found?)",
};

function describeFailure(host: string, exitCode: number): string {
  return `${host} ${WGET_EXIT[exitCode] ?? `could not be read (wget exit code ${exitCode})`}`;
}

const BASE_ARGS = ["wget", "--user-agent=lxc-dashboard", "-q"];

/** runTool for wget, with the install command for wget itself when it is missing. */
async function runWget(args: string[], options: RunOptions): Promise<CommandResult> {
  try {
    return await runTool([...BASE_ARGS, ...args], options);
  } catch (err) {
    if (isLxcError(err) && err.code === "TOOL_MISSING") {
      throw new ImageServerError("wget is not installed (lxc-download needs it too); install it with: apt-get install -y wget");
    }
    throw err;
  }
}

/**
 * GETs a small text file with an overall deadline and a size limit: a server
 * that does not answer costs at most `timeoutMs`, one that sends garbage
 * without end is cut off at `maxBytes`.
 */
export async function fetchText(url: URL, { timeoutMs, maxBytes }: { timeoutMs: number; maxBytes: number }): Promise<string> {
  const controller = new AbortController();
  let cutOff: "timeout" | "too-big" | null = null;
  const timer = setTimeout(() => {
    cutOff = "timeout";
    controller.abort();
  }, timeoutMs);
  let received = 0;
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  try {
    // No redirects: the URL is the validated host's, and a redirect could send the read to any other host or port.
    const result = await runWget(["-T", seconds, "--tries=1", "--max-redirect=0", "-O", "-", url.href], {
      signal: controller.signal,
      onLine: (line, stream) => {
        if (stream !== "stdout") return;
        received += line.length + 1;
        if (received > maxBytes && !cutOff) {
          cutOff = "too-big";
          controller.abort();
        }
      },
    });
    if (cutOff === "timeout") throw new ImageServerError(`${url.host} did not answer within ${timeoutMs / 1000} seconds`);
    if (cutOff === "too-big") throw new ImageServerError(`${url.host} sent more than ${maxBytes} bytes for ${url.pathname}, which no image index is`);
    if (result.exitCode !== 0) throw new ImageServerError(describeFailure(url.host, result.exitCode));
    return result.stdout;
  } finally {
    clearTimeout(timer);
  }
}

/** Downloads a file (a rootfs tarball may take minutes) to `dest`; `signal` cancels it. */
export async function downloadFile(url: URL, dest: string, signal?: AbortSignal): Promise<void> {
  // The same read timeout and retries as lxc-download.
  const result = await runWget(["-T", "30", "--tries=3", "-O", dest, url.href], { signal });
  if (signal?.aborted) throw new ImageServerError(`the download of ${url.pathname} was cancelled`);
  if (result.exitCode !== 0) throw new ImageServerError(`${describeFailure(url.host, result.exitCode)} while downloading ${url.pathname}`);
}
