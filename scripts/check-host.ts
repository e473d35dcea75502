// The host readiness check on the command line: the same checks and rows as
// the dashboard's /host page, with the command that fixes each problem.
//   npm run check-host                 for the user running it
//   npm run check-host -- --user alice  for another user (as root: what scripts/setup-user.sh prepared)
//   npm run check-host -- --json
// Exit code 0 when everything essential is ok, 1 when something essential is not, 2 on bad usage.
import { STATE_LABEL, essentialProblems, type ReadinessReport } from "@/lib/host-readiness";
import { lookupUser, UnknownUser } from "@/server/host/host-user";
import { checkHost } from "@/server/host/readiness";

function usage(message: string): never {
  console.error(`${message}\nusage: check-host [--user NAME] [--json]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { user: string | null; json: boolean } {
  let user: string | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--user") user = argv[++i] ?? usage("--user needs a name");
    else usage(`unknown argument ${arg}`);
  }
  return { user, json };
}

const colour = process.stdout.isTTY
  ? { ok: "\u001b[32m", missing: "\u001b[31m", wrong: "\u001b[33m", reset: "\u001b[0m" }
  : { ok: "", missing: "", wrong: "", reset: "" };

function print(report: ReadinessReport): void {
  console.log(`Host readiness for ${report.user}${report.root ? " (root)" : ""}:`);
  for (const row of report.rows) {
    const label = `${colour[row.state]}${STATE_LABEL[row.state].padEnd(15)}${colour.reset}`;
    console.log(`  ${label} ${row.title}${row.essential ? "" : " (optional)"}`);
    console.log(`                  ${row.found}`);
    if (row.fix) console.log(`                  fix: ${row.fix}`);
  }
  const problems = essentialProblems(report.rows);
  console.log(problems.length === 0 ? "Ready." : `Not ready: ${problems.map((p) => p.title).join(", ")}.`);
}

const args = parseArgs(process.argv.slice(2));
try {
  const report = await checkHost({ user: args.user ? await lookupUser(args.user) : undefined, dashboard: false });
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else print(report);
  process.exit(essentialProblems(report.rows).length === 0 ? 0 : 1);
} catch (err) {
  if (err instanceof UnknownUser) usage(err.message);
  throw err;
}
