import { formatArgv } from "@/lib/create-command";
import type { CheckContext } from "./check-context";

/**
 * Fix commands as a person types them on the host. A command that needs root
 * gets sudo unless the checking process is root already; a command that is
 * the user's own runs as that user.
 */

/** Quotes one word for a POSIX shell, only when it needs it. */
export function shellWord(word: string): string {
  return formatArgv([word]);
}

const NEEDS_SHELL = /[;&|<>$*]/;

/** A root command line: as is for root, `sudo CMD` for a simple command, `sudo sh -c '...'` for a script. */
export function rootCommand(ctx: CheckContext, script: string): string {
  if (ctx.processRoot) return script;
  return NEEDS_SHELL.test(script) ? `sudo sh -c ${shellWord(script)}` : `sudo ${script}`;
}

/** A command line of the user's own: as is when the checker is that user, through runuser or sudo -u otherwise. */
export function userCommand(ctx: CheckContext, script: string): string {
  if (ctx.processIsUser) return script;
  const prefix = ctx.processRoot ? `runuser -u ${ctx.user.name} --` : `sudo -u ${ctx.user.name}`;
  return `${prefix} sh -c ${shellWord(script)}`;
}

/** Appends one line to a root-owned file. */
export function appendLineCommand(ctx: CheckContext, line: string, file: string): string {
  return ctx.processRoot ? `echo ${shellWord(line)} >> ${file}` : `echo ${shellWord(line)} | sudo tee -a ${file} >/dev/null`;
}
