/** What the process-reading and signalling tests share: a sleeper of a known user inside a container, and a liveness probe. */

/** The command line of the sleeper `startSleepAsApp` starts. */
export const APP_SLEEP = "/bin/sleep 1000";

/**
 * Adds user app (uid/gid 1000) to the container's own /etc/passwd and starts
 * APP_SLEEP as app, as a daemon (it outlives lxc-attach). `attach` runs a
 * command in the container, as root or as the container's owner.
 */
export function startSleepAsApp(attach: (...command: string[]) => unknown): void {
  attach("/bin/sh", "-c", 'echo "app:x:1000:1000::/tmp:/bin/sh" >> /etc/passwd && echo "app:x:1000:" >> /etc/group');
  attach("start-stop-daemon", "-S", "-b", "-c", "app", "-x", "/bin/sleep", "--", "1000");
}

/** Whether a host process exists (signal 0 checks without sending anything). */
export function isAlive(hostPid: number): boolean {
  try {
    process.kill(hostPid, 0);
    return true;
  } catch {
    return false;
  }
}
