import { delegatedDir, isDelegated, isInside, ownCgroupPaths, v1Hierarchies } from "./cgroup-delegation";
import { outcome, type Check } from "./check-context";
import { rootCommand, userCommand } from "./fix-commands";

const CONSEQUENCE = "its containers start, but cannot be frozen and their memory is not counted";

/**
 * Root uses the hierarchies directly; with systemd, user sessions get
 * delegated cgroups. Otherwise each v1 hierarchy needs `user/<name>` owned by
 * the user, and the dashboard's own process inside it (it joins when it
 * starts; Apply joins now, after a set-up made while it ran).
 */
export const checkCgroups: Check = async (ctx) => {
  const { user } = ctx;
  if (user.uid === 0) return outcome(ctx, "cgroups", { state: "ok", found: "root uses the cgroup hierarchies directly", essential: false });
  if (ctx.systemd) {
    return outcome(ctx, "cgroups", {
      state: "ok",
      found: `systemd delegates cgroups to ${user.name}'s sessions (start the dashboard from one, or under systemd-run --user --scope -p Delegate=yes)`,
      essential: false,
    });
  }
  const hierarchies = await v1Hierarchies();
  if (hierarchies.length === 0) {
    return outcome(ctx, "cgroups", {
      state: "wrong",
      found: `cgroup v2 only and no systemd to delegate it: ${CONSEQUENCE}`,
      essential: false,
    });
  }
  const delegated = await Promise.all(hierarchies.map((h) => isDelegated(h, user)));
  const missing = hierarchies.filter((_, i) => !delegated[i]);
  if (missing.length > 0) {
    const dirs = missing.map((h) => delegatedDir(h, user.name));
    const cpuset = missing.find((h) => h.controllers.includes("cpuset"));
    // A cpuset cgroup takes no process until its cpus and mems are set, copied from its parent.
    const copyCpuset = cpuset
      ? ` && for f in cpuset.cpus cpuset.mems; do cat ${cpuset.mountPoint}/$f > ${cpuset.mountPoint}/user/$f && cat ${cpuset.mountPoint}/user/$f > ${cpuset.mountPoint}/user/${user.name}/$f; done`
      : "";
    return outcome(ctx, "cgroups", {
      state: "missing",
      found: `not delegated to ${user.name}: ${missing.map((h) => h.controllers.join(",")).join(", ")}; ${CONSEQUENCE}`,
      fix: rootCommand(ctx, `mkdir -p ${dirs.join(" ")}${copyCpuset} && chown -R ${user.name}: ${dirs.join(" ")}`),
      essential: false,
    });
  }
  const found = `delegated: <hierarchy>/user/${user.name} in ${hierarchies.length} hierarchies, owned by ${user.name}`;
  if (!(ctx.dashboard && ctx.processIsUser)) {
    return outcome(ctx, "cgroups", { state: "ok", found: `${found} (the dashboard joins them when it starts)`, essential: false });
  }

  const own = await ownCgroupPaths();
  const outside = hierarchies.filter((h) => !isInside(h, own, user.name));
  if (outside.length === 0) return outcome(ctx, "cgroups", { state: "ok", found: `${found}; the dashboard runs inside them`, essential: false });
  const dirs = outside.map((h) => delegatedDir(h, user.name));
  return outcome(
    ctx,
    "cgroups",
    {
      state: "wrong",
      found: `${found}, but the dashboard (pid ${process.pid}) is not inside ${outside.map((h) => h.controllers.join(",")).join(", ")}: ${CONSEQUENCE}`,
      fix: userCommand(ctx, `for d in ${dirs.join(" ")}; do echo ${process.pid} > $d/cgroup.procs; done`),
      essential: false,
    },
    { runsAs: "user", kind: "join-cgroups", dirs },
  );
};
