/**
 * The command a terminal session runs on the host, and its environment.
 *
 * `lxc-attach` with no command starts root's login shell from the
 * container's own /etc/passwd (bash on Debian, ash on busybox), just as
 * `lxc-attach -n NAME` typed by hand does. `--clear-env` starts the shell with
 * only the variables set here, and the host process itself gets a minimal
 * environment too, so nothing of the dashboard's (DATABASE_URL, secrets)
 * reaches either.
 */

export const TERMINAL_TERM = "xterm-256color";
const SANE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface AttachCommand {
  file: string;
  args: string[];
  /** The environment of the lxc-attach process on the host. */
  env: Record<string, string>;
}

/**
 * @param lxcpath  the dashboard's lxcpath (`-P`)
 * @param container a name already checked against containerNameSchema
 * @param hostHome the dashboard user's home, which lxc-attach on the host may read its config from
 */
export function lxcAttachCommand(lxcpath: string, container: string, hostHome: string): AttachCommand {
  return {
    file: "lxc-attach",
    args: [
      "-P", lxcpath,
      "-n", container,
      "--clear-env",
      "--set-var", `TERM=${TERMINAL_TERM}`,
      "--set-var", `PATH=${SANE_PATH}`,
      "--set-var", "HOME=/root",
    ],
    env: { TERM: TERMINAL_TERM, PATH: SANE_PATH, HOME: hostHome },
  };
}

/** The command as a person would type it, for the audit log. */
export function formatCommand(command: Pick<AttachCommand, "file" | "args">): string {
  return [command.file, ...command.args].map((arg) => (/^[\w./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(" ");
}
