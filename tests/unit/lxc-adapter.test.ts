import { mkdir, mkdtemp, readFile, rm, stat, writeFile, chmod, access } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { containerNameProblem } from "@/lib/container-name";
import {
  actionArgv,
  CommandFailed,
  ContainerExists,
  ContainerNotFound,
  containerExists,
  createContainer,
  destroyContainer,
  freezeContainer,
  getContainer,
  InvalidName,
  isLxcError,
  listContainers,
  OperationCancelled,
  restartContainer,
  runTool,
  setAutostart,
  setToolRunner,
  startContainer,
  stopContainer,
  ToolMissing,
  unfreezeContainer,
  type CommandResult,
  type ToolRunner,
} from "@/server/lxc";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", `lxc-${name}.txt`), "utf8");

type Answer = Partial<CommandResult> | Error;

/** A fake of the tools: records every spawn and answers from `respond`. */
function fakeTools(respond: (argv: string[]) => Answer | Promise<Answer> = () => ({})) {
  const spawns: string[][] = [];
  const answer = (argv: readonly string[], r: Answer): CommandResult => {
    if (r instanceof Error) throw r;
    return { argv: [...argv], exitCode: 0, stdout: "", stderr: "", ...r };
  };
  const runner: ToolRunner = {
    async run(argv) {
      spawns.push([...argv]);
      return answer(argv, await respond([...argv]));
    },
    runSync(argv) {
      spawns.push([...argv]);
      const r = respond([...argv]);
      if (r instanceof Promise) throw new Error("async answer for a sync run");
      return answer(argv, r);
    },
  };
  setToolRunner(runner);
  return spawns;
}

const enoent = (tool: string) => Object.assign(new Error(`spawn ${tool} ENOENT`), { code: "ENOENT" });

let lxcpath: string;
const savedEnv = { LXC_LXCPATH: process.env.LXC_LXCPATH, DATA_DIR: process.env.DATA_DIR };

async function makeContainer(name: string, config = "lxc.rootfs.path = dir:/nonexistent\n") {
  await mkdir(path.join(lxcpath, name), { recursive: true });
  await writeFile(path.join(lxcpath, name, "config"), config, { mode: 0o640 });
}

beforeEach(async () => {
  lxcpath = await mkdtemp(path.join(tmpdir(), "lxc-unit-"));
  process.env.LXC_LXCPATH = lxcpath;
  process.env.DATA_DIR = path.join(lxcpath, "data");
});

afterEach(async () => {
  setToolRunner();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rm(lxcpath, { recursive: true, force: true });
});

describe("bad names: refused with the schema's message, nothing spawned", () => {
  const badNames = ["../etc", "a/b", "-n", "--help", "a;id", "$(id)", "a b", "", "x".repeat(64), "é"];
  const entryPoints: Array<[string, (name: string) => unknown]> = [
    ["actionArgv", (n) => actionArgv("start", n)],
    ["startContainer", startContainer],
    ["stopContainer", (n) => stopContainer(n)],
    ["stopContainer force", (n) => stopContainer(n, { force: true })],
    ["restartContainer", (n) => restartContainer(n)],
    ["freezeContainer", freezeContainer],
    ["unfreezeContainer", unfreezeContainer],
    ["destroyContainer", destroyContainer],
    ["setAutostart", (n) => setAutostart(n, true)],
    ["getContainer", getContainer],
    ["containerExists", containerExists],
    ["createContainer", (n) => createContainer({ template: "busybox", name: n, unprivileged: false, autostart: false, start: false }, { onLine: () => {}, signal: new AbortController().signal })],
  ];

  it.each(badNames)("%j", async (name) => {
    // Without LXC_LXCPATH, even finding the lxcpath would spawn lxc-config: the name must be checked before that.
    delete process.env.LXC_LXCPATH;
    const spawns = fakeTools(() => ({ stdout: "/var/lib/lxc\n" }));
    for (const [label, call] of entryPoints) {
      const outcome = await Promise.resolve()
        .then(() => call(name))
        .then(
          () => "resolved",
          (e: unknown) => e,
        );
      expect(outcome, label).toBeInstanceOf(InvalidName);
      expect((outcome as InvalidName).message, label).toBe(containerNameProblem(name));
      expect((outcome as InvalidName).field).toBe("name");
    }
    expect(spawns).toEqual([]);
  });
});

describe("missing tools", () => {
  it("turns ENOENT into ToolMissing with the command that installs it", async () => {
    fakeTools(() => enoent("lxc-ls"));
    const e = await listContainers().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ToolMissing);
    expect(e).toMatchObject({ tool: "lxc-ls", fix: "apt-get install -y lxc", message: "lxc-ls is not installed; install it with: apt-get install -y lxc" });
    expect(isLxcError(e)).toBe(true);
  });

  it("also for the lxcpath lookup, which is synchronous", async () => {
    delete process.env.LXC_LXCPATH;
    // A fresh copy of the adapter, so no earlier lookup is cached.
    vi.resetModules();
    const fresh = await import("@/server/lxc");
    fresh.setToolRunner({ run: () => Promise.reject(enoent("lxc-config")), runSync: () => { throw enoent("lxc-config"); } });
    expect(() => fresh.lxcPath()).toThrow(expect.objectContaining({ code: "TOOL_MISSING", tool: "lxc-config" }));
  });

  it("asks lxc-config for the lxcpath once, when LXC_LXCPATH is not set", async () => {
    delete process.env.LXC_LXCPATH;
    vi.resetModules();
    const fresh = await import("@/server/lxc");
    let asked = 0;
    fresh.setToolRunner({
      run: () => Promise.reject(new Error("unexpected")),
      runSync: (argv) => {
        asked++;
        expect(argv).toEqual(["lxc-config", "lxc.lxcpath"]);
        return { argv: [...argv], exitCode: 0, stdout: "/srv/containers\n", stderr: "" };
      },
    });
    expect(fresh.lxcPath()).toBe("/srv/containers");
    expect(fresh.lxcPath()).toBe("/srv/containers");
    expect(asked).toBe(1);
  });

  it("with the real runner, for a program that is not there", async () => {
    await expect(runTool(["lxc-dashboard-no-such-tool", "-n", "x"])).rejects.toMatchObject({ code: "TOOL_MISSING", tool: "lxc-dashboard-no-such-tool" });
  });
});

describe("the real runner", () => {
  it("streams lines from both streams and resolves with the exit code", async () => {
    const lines: string[] = [];
    const r = await runTool(["sh", "-c", 'printf "one\\ntwo\\rthree"; echo err >&2; exit 3'], { onLine: (l, s) => lines.push(`${s}:${l}`) });
    expect(r).toMatchObject({ exitCode: 3, stdout: "one\ntwo\rthree", stderr: "err\n" });
    expect(lines.filter((l) => l.startsWith("stdout:"))).toEqual(["stdout:one", "stdout:two", "stdout:three"]);
    expect(lines).toContain("stderr:err");
  });

  it("passes none of the dashboard's environment except what tools need", async () => {
    process.env.DASHBOARD_SECRET_FOR_TEST = "s3cret";
    try {
      const r = await runTool(["env"]);
      expect(r.stdout).not.toContain("s3cret");
      expect(r.stdout).toMatch(/^PATH=/m);
    } finally {
      delete process.env.DASHBOARD_SECRET_FOR_TEST;
    }
  });

  it("on abort, ends the whole process group, children included", async () => {
    const controller = new AbortController();
    const marker = path.join(lxcpath, "child-pid");
    const pending = runTool(["sh", "-c", `sleep 60 & echo $! > ${marker}; wait`], { signal: controller.signal });
    while (!(await access(marker).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 20));
    const childPid = Number((await readFile(marker, "utf8")).trim());
    controller.abort();
    const r = await pending;
    expect(r.exitCode).toBeGreaterThan(128);
    // Gone, or a zombie waiting for init to reap it: either way no longer running.
    const stat = await readFile(`/proc/${childPid}/stat`, "utf8").catch(() => "");
    expect(stat === "" || /^\d+ \(.*\) Z /.test(stat), stat).toBe(true);
  });
});

describe("lifecycle actions", () => {
  it("run the argv of actionArgv on the configured lxcpath", async () => {
    await makeContainer("web");
    const spawns = fakeTools();
    const r = await startContainer("web");
    expect(r.argv).toEqual(["lxc-start", "-P", lxcpath, "-n", "web", "-d"]);
    await stopContainer("web", { timeoutSeconds: 7 });
    await stopContainer("web", { force: true });
    await restartContainer("web");
    expect(spawns).toEqual([
      ["lxc-start", "-P", lxcpath, "-n", "web", "-d"],
      ["lxc-stop", "-P", lxcpath, "-n", "web", "-t", "7"],
      ["lxc-stop", "-P", lxcpath, "-n", "web", "-k"],
      ["lxc-stop", "-P", lxcpath, "-n", "web", "-r", "-t", "30"],
    ]);
  });

  it("a container that is gone: ContainerNotFound with the message, nothing spawned", async () => {
    const spawns = fakeTools();
    await expect(freezeContainer("gone")).rejects.toThrow(new ContainerNotFound("gone"));
    await expect(destroyContainer("gone")).rejects.toMatchObject({ message: "container gone no longer exists" });
    expect(spawns).toEqual([]);
  });

  it("a container that vanishes while the command runs: ContainerNotFound", async () => {
    await makeContainer("web");
    fakeTools(async () => {
      await rm(path.join(lxcpath, "web"), { recursive: true });
      return { exitCode: 1, stderr: "lxc-stop: web: ../src/lxc/tools/lxc_stop.c: main: 193 web doesn't exist\n" };
    });
    await expect(stopContainer("web")).rejects.toBeInstanceOf(ContainerNotFound);
  });

  it("a failing command: CommandFailed with argv, exit code, stderr and a readable message", async () => {
    await makeContainer("web");
    const stderr = "lxc-stop: web: ../src/lxc/tools/lxc_stop.c: main: 236 web is not running\n";
    fakeTools(() => ({ exitCode: 2, stderr }));
    const e = (await stopContainer("web").catch((err: unknown) => err)) as CommandFailed;
    expect(e).toBeInstanceOf(CommandFailed);
    expect(e.argv).toEqual(["lxc-stop", "-P", lxcpath, "-n", "web", "-t", "30"]);
    expect(e.exitCode).toBe(2);
    expect(e.stderr).toBe(stderr);
    expect(e.message).toBe("lxc-stop failed with exit code 2: web is not running");
  });

  it("a failed start names the reason, not lxc-start's closing advice", () => {
    const stderr = [
      'lxc-start: web: ../src/lxc/lxccontainer.c: wait_on_daemonized_start: 878 Received container state "ABORTING" instead of "RUNNING"',
      "lxc-start: web: ../src/lxc/tools/lxc_start.c: main: 306 The container failed to start",
      "lxc-start: web: ../src/lxc/tools/lxc_start.c: main: 309 To get more details, run the container in foreground mode",
      "lxc-start: web: ../src/lxc/tools/lxc_start.c: main: 311 Additional information can be obtained by setting the --logfile and --logpriority options",
      "",
    ].join("\n");
    expect(new CommandFailed(["lxc-start", "-n", "web", "-d"], 1, stderr).message).toBe("lxc-start failed with exit code 1: The container failed to start");
  });
});

describe("getContainer", () => {
  it("joins lxc-info, the config file and du", async () => {
    const config = fixture("config-unpriv").replaceAll("/var/lib/lxc", lxcpath).replace("lxc.idmap = g", "lxc.start.auto = 1\nlxc.idmap = g");
    await makeContainer("t-lxc-fx-unpriv-run", config);
    const spawns = fakeTools((argv) => {
      if (argv[0] === "lxc-info") return { stdout: fixture("info-unpriv-run") };
      if (argv[0] === "du") return { stdout: `4096\t${argv.at(-1)}\n` };
      return new Error(`unexpected ${argv[0]}`);
    });
    const detail = await getContainer("t-lxc-fx-unpriv-run");
    const rootfs = path.join(lxcpath, "t-lxc-fx-unpriv-run", "rootfs");
    expect(detail).toMatchObject({
      name: "t-lxc-fx-unpriv-run",
      state: "RUNNING",
      pid: 16389,
      ipv4: ["10.0.3.186"],
      ipv6: [],
      memoryBytes: 2572288,
      autostart: true,
      unprivileged: true,
      idmap: [
        { kind: "u", containerId: 0, hostId: 100000, count: 65536 },
        { kind: "g", containerId: 0, hostId: 100000, count: 65536 },
      ],
      rootfsPath: rootfs,
      rootfsBytes: 4096,
      configPath: path.join(lxcpath, "t-lxc-fx-unpriv-run", "config"),
      configText: config,
    });
    expect(spawns).toEqual([
      ["lxc-info", "-P", lxcpath, "-n", "t-lxc-fx-unpriv-run", "-H"],
      ["du", "-sx", "-B1", rootfs],
    ]);
  });

  it("a container that does not exist: ContainerNotFound, nothing spawned", async () => {
    const spawns = fakeTools();
    await expect(getContainer("nope")).rejects.toThrow("container nope no longer exists");
    expect(spawns).toEqual([]);
  });
});

describe("setAutostart", () => {
  it("edits lxc.start.auto in place, keeping the rest and the file mode", async () => {
    await makeContainer("web", "lxc.uts.name = web\nlxc.start.auto = 0\n# note\nlxc.start.auto = 0\n");
    const configFile = path.join(lxcpath, "web", "config");
    await chmod(configFile, 0o640);
    const spawns = fakeTools();
    expect(await setAutostart("web", true)).toEqual({ configPath: configFile, line: "lxc.start.auto = 1" });
    expect(await readFile(configFile, "utf8")).toBe("lxc.uts.name = web\nlxc.start.auto = 1\n# note\n");
    expect((await stat(configFile)).mode & 0o777).toBe(0o640);
    await setAutostart("web", false);
    expect(await readFile(configFile, "utf8")).toBe("lxc.uts.name = web\nlxc.start.auto = 0\n# note\n");
    expect(spawns).toEqual([]);
  });

  it("appends the line when there is none", async () => {
    await makeContainer("web", "lxc.uts.name = web");
    await setAutostart("web", true);
    expect(await readFile(path.join(lxcpath, "web", "config"), "utf8")).toBe("lxc.uts.name = web\nlxc.start.auto = 1\n");
  });

  it("a vanished container: ContainerNotFound", async () => {
    await expect(setAutostart("gone", true)).rejects.toBeInstanceOf(ContainerNotFound);
  });
});

describe("createContainer with faked tools", () => {
  const request = { template: "busybox", name: "web", unprivileged: false, autostart: true, start: true } as const;
  const hooks = () => ({ onLine: vi.fn(), signal: new AbortController().signal });

  it("refuses an existing name: ContainerExists, nothing spawned, the container untouched", async () => {
    await makeContainer("web", "original\n");
    const spawns = fakeTools();
    await expect(createContainer(request, hooks())).rejects.toBeInstanceOf(ContainerExists);
    expect(spawns).toEqual([]);
    expect(await readFile(path.join(lxcpath, "web", "config"), "utf8")).toBe("original\n");
  });

  it("an already-cancelled create spawns nothing", async () => {
    const spawns = fakeTools();
    const controller = new AbortController();
    controller.abort();
    await expect(createContainer(request, { onLine: () => {}, signal: controller.signal })).rejects.toBeInstanceOf(OperationCancelled);
    expect(spawns).toEqual([]);
  });

  it("runs lxc-create, then sets autostart, then starts", async () => {
    const spawns = fakeTools(async (argv) => {
      if (argv[0] === "lxc-create") await makeContainer("web", "lxc.uts.name = web\n");
      return {};
    });
    const r = await createContainer(request, hooks());
    expect(r.argv).toEqual(["lxc-create", "-P", lxcpath, "-n", "web", "-t", "busybox"]);
    expect(spawns.map((a) => a[0])).toEqual(["lxc-create", "lxc-start"]);
    expect(await readFile(path.join(lxcpath, "web", "config"), "utf8")).toContain("lxc.start.auto = 1");
  });

  it("a failed create removes the half-made directory even when lxc-destroy cannot", async () => {
    const spawns = fakeTools(async (argv) => {
      if (argv[0] === "lxc-create") {
        await mkdir(path.join(lxcpath, "web", "rootfs"), { recursive: true });
        return { exitCode: 1, stderr: "lxc-create: web: lxccontainer.c: create_run_template: 1628 Failed to create container from template\n" };
      }
      return { exitCode: 1, stderr: "web doesn't exist\n" };
    });
    const h = hooks();
    const e = await createContainer(request, h).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CommandFailed);
    expect(spawns.map((a) => a[0])).toEqual(["lxc-create", "lxc-destroy"]);
    await expect(access(path.join(lxcpath, "web"))).rejects.toThrow();
    expect(h.onLine).toHaveBeenCalledWith("Removing the half-made container web", "stderr");
  });

  it("never removes a container someone else made under the same name meanwhile", async () => {
    fakeTools(async (argv) => {
      if (argv[0] !== "lxc-create") return new Error("nothing else may run");
      await makeContainer("web", "theirs\n");
      return { exitCode: 1, stderr: "lxc-create: web: ../src/lxc/tools/lxc_create.c: main: 264 Container already exists\n" };
    });
    await expect(createContainer(request, hooks())).rejects.toBeInstanceOf(ContainerExists);
    expect(await readFile(path.join(lxcpath, "web", "config"), "utf8")).toBe("theirs\n");
  });
});
