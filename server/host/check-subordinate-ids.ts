import { readFile } from "node:fs/promises";
import {
  CONTAINER_IDS,
  nextFreeBlock,
  parseSubordinateIds,
  rangeArgument,
  rangesOf,
  type SubordinateEntry,
  type SubordinateRange,
} from "@/lib/host-subordinate-ids";
import { outcome, type Check } from "./check-context";
import type { HostUser } from "./host-user";
import { rootCommand } from "./fix-commands";

export interface SubordinateIds {
  uidEntries: SubordinateEntry[];
  gidEntries: SubordinateEntry[];
  /** The user's first range in each file (the one the dashboard maps), null when it has none. */
  uids: SubordinateRange | null;
  gids: SubordinateRange | null;
  /** All of the user's ranges (newuidmap accepts a map inside any of them). */
  allUids: SubordinateRange[];
  allGids: SubordinateRange[];
}

export async function readSubordinateIds(user: HostUser): Promise<SubordinateIds> {
  // Literal paths: a computed one would make Turbopack trace the whole project.
  const [uidText, gidText] = await Promise.all([
    readFile("/etc/subuid", "utf8").catch(() => ""),
    readFile("/etc/subgid", "utf8").catch(() => ""),
  ]);
  const uidEntries = parseSubordinateIds(uidText);
  const gidEntries = parseSubordinateIds(gidText);
  const [allUids, allGids] = [rangesOf(uidEntries, user), rangesOf(gidEntries, user)];
  return { uidEntries, gidEntries, uids: allUids[0] ?? null, gids: allGids[0] ?? null, allUids, allGids };
}

function describe(kind: "user" | "group", range: SubordinateRange | null): string {
  return range ? `sub-${kind} range is ${range.start} ${range.count}` : `no sub-${kind} range in /etc/sub${kind === "user" ? "uid" : "gid"}`;
}

/** The user's ranges in /etc/subuid and /etc/subgid, each at least 65536 ids (a container maps 0..65535). */
export const checkSubordinateIds: Check = async (ctx) => {
  const ids = await readSubordinateIds(ctx.user);
  const found = `${describe("user", ids.uids)}; ${describe("group", ids.gids)}`;
  if (ids.uids && ids.gids) {
    const small = [ids.uids, ids.gids].some((r) => r.count < CONTAINER_IDS);
    return small
      ? outcome(ctx, "subordinate-ids", { state: "wrong", found: `${found}: a container needs ${CONTAINER_IDS} ids of each`, essential: true })
      : outcome(ctx, "subordinate-ids", { state: "ok", found, essential: true });
  }
  // One free block serves for whichever of the two is missing.
  const block = rangeArgument(nextFreeBlock(ids.uidEntries, ids.gidEntries));
  const argv = [
    "usermod",
    ...(ids.uids ? [] : ["--add-subuids", block]),
    ...(ids.gids ? [] : ["--add-subgids", block]),
    ctx.user.name,
  ];
  return outcome(
    ctx,
    "subordinate-ids",
    { state: "missing", found, fix: rootCommand(ctx, argv.join(" ")), essential: true },
    { runsAs: "root", kind: "commands", steps: [{ argv }] },
  );
};
