import { readFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "../database-url";
import { unprivilegedConfigText } from "../lxc/unprivileged-config";
import { BRIDGE, outcome, type Check, type CheckContext } from "./check-context";
import { defaultConfFacts, defaultConfProblems, defaultConfSummary } from "./default-conf-facts";
import { readSubordinateIds } from "./check-subordinate-ids";
import { shellWord, userCommand } from "./fix-commands";

/** Where LXC reads a regular user's default container config. */
export function userDefaultConfPath(home: string): string {
  return path.join(home, ".config/lxc/default.conf");
}

/**
 * Root: unprivileged containers get `DATA_DIR/unprivileged.conf`, which the
 * dashboard writes from root's ranges when it creates one (lxc-create -f), so
 * root's own /etc/lxc/default.conf (privileged containers) is not judged here.
 */
async function rootRow(ctx: CheckContext) {
  const { uids, gids } = await readSubordinateIds(ctx.user);
  const file = path.join(dataDir(), "unprivileged.conf");
  if (!uids || !gids) {
    return outcome(ctx, "default-conf", {
      state: "missing",
      found: `the dashboard writes ${file} from root's subordinate ranges, which are missing (see above)`,
      essential: true,
    });
  }
  const facts = defaultConfFacts(unprivilegedConfigText(uids, gids));
  return outcome(ctx, "default-conf", {
    state: "ok",
    found: `unprivileged containers get ${file} (${defaultConfSummary(facts)}), written by the dashboard; privileged ones /etc/lxc/default.conf`,
    essential: true,
  });
}

/** A regular user: ~/.config/lxc/default.conf with an idmap inside its ranges and a veth on lxcbr0. */
export const checkDefaultConf: Check = async (ctx) => {
  if (ctx.user.uid === 0) return rootRow(ctx);
  const file = userDefaultConfPath(ctx.user.home);
  const ids = await readSubordinateIds(ctx.user);
  const text = await readFile(file, "utf8").catch(() => null);
  const facts = text === null ? null : defaultConfFacts(text);
  const problems = facts ? defaultConfProblems(facts, { uids: ids.allUids, gids: ids.allGids }, BRIDGE) : [];
  if (facts && problems.length === 0) {
    return outcome(ctx, "default-conf", { state: "ok", found: `${file}: ${defaultConfSummary(facts)}`, essential: true });
  }
  const found = facts ? `${file}: ${problems.join("; ")}` : `there is no ${file}`;
  if (!ids.uids || !ids.gids) {
    return outcome(ctx, "default-conf", { state: facts ? "wrong" : "missing", found: `${found} (set up the subordinate ranges first)`, essential: true });
  }
  // The same lines the dashboard gives root's unprivileged containers, minus its comment.
  const content = unprivilegedConfigText(ids.uids, ids.gids).replace(/^#.*\n/, "");
  const lines = content.trimEnd().split("\n").map(shellWord).join(" ");
  const [q, qDir] = [shellWord(file), shellWord(path.dirname(file))];
  const backup = facts ? `cp -p ${q} ${shellWord(`${file}.bak`)} && ` : "";
  return outcome(
    ctx,
    "default-conf",
    {
      state: facts ? "wrong" : "missing",
      found,
      fix: userCommand(ctx, `mkdir -p ${qDir} && ${backup}printf '%s\\n' ${lines} > ${q}`),
      essential: true,
    },
    { runsAs: "user", kind: "write-file", file, content },
  );
};
