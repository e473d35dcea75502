import { describe, expect, it } from "vitest";
import { parseBootTimeSeconds } from "@/server/processes/procfs/boot-time";
import { parseProcStat } from "@/server/processes/procfs/parse-stat";
import { parseProcStatus } from "@/server/processes/procfs/parse-status";
import { parsePasswd } from "@/server/processes/procfs/passwd";
import { commandLine } from "@/server/processes/procfs/read-process";

const statTail = "S 1 1 1 0 -1 4194560 1234 0 5 0 731 254 0 0 20 0 3 0 52781 3133440 359 18446744073709551615 1 1 0 0 0 0 0";

describe("parseProcStat", () => {
  it("reads the fields the view uses", () => {
    expect(parseProcStat(`12483 (init) ${statTail}\n`)).toEqual({
      pid: 12483,
      comm: "init",
      state: "S",
      ppid: 1,
      utimeTicks: 731,
      stimeTicks: 254,
      threads: 3,
      startTicks: 52781,
    });
  });

  it("takes comm up to the last ')' so spaces and parentheses in it do not shift fields", () => {
    expect(parseProcStat(`77 (a) b (c) ${statTail}`)).toMatchObject({ comm: "a) b (c", state: "S", threads: 3 });
    const tricky = parseProcStat(`78 (x) S 5 (y) ${statTail}`);
    expect(tricky).toMatchObject({ pid: 78, comm: "x) S 5 (y", state: "S", ppid: 1, utimeTicks: 731, startTicks: 52781 });
  });

  it("keeps a comm with spaces and an empty comm", () => {
    expect(parseProcStat(`5 (kworker/0:1 H) ${statTail}`)?.comm).toBe("kworker/0:1 H");
    expect(parseProcStat(`6 () ${statTail}`)?.comm).toBe("");
  });

  it.each(["", "12 (init", "12 (init) S 1 1", `x (init) ${statTail}`])("refuses %j", (text) => {
    expect(parseProcStat(text)).toBeNull();
  });
});

const statusText = [
  "Name:\tsleep",
  "Umask:\t0022",
  "State:\tS (sleeping)",
  "Tgid:\t12508",
  "PPid:\t12483",
  "TracerPid:\t0",
  "Uid:\t101000\t101001\t101002\t101003",
  "Gid:\t101000\t101000\t101000\t101000",
  "Groups:\t ",
  "NStgid:\t12508\t12",
  "NSpid:\t12508\t12",
  "VmRSS:\t    1384 kB",
  "RssAnon:\t      64 kB",
  "Threads:\t1",
  "voluntary_ctxt_switches:\t3",
].join("\n");

describe("parseProcStatus", () => {
  it("reads uids and gids in the order real, effective, saved, filesystem", () => {
    expect(parseProcStatus(statusText)).toEqual({
      state: "S",
      ppid: 12483,
      uid: { real: 101000, effective: 101001, saved: 101002, filesystem: 101003 },
      gid: { real: 101000, effective: 101000, saved: 101000, filesystem: 101000 },
      nspid: [12508, 12],
      threads: 1,
      rssBytes: 1384 * 1024,
    });
  });

  it("gives 0 bytes to a kernel thread or zombie, which has no VmRSS line", () => {
    const zombie = statusText.replace(/VmRSS:.*\n/, "").replace("S (sleeping)", "Z (zombie)");
    expect(parseProcStatus(zombie)).toMatchObject({ state: "Z", rssBytes: 0 });
  });

  it("keeps every NSpid level, host first", () => {
    const nested = statusText.replace("NSpid:\t12508\t12", "NSpid:\t900\t40\t2");
    expect(parseProcStatus(nested)?.nspid).toEqual([900, 40, 2]);
  });

  it.each([
    ["no Uid line", statusText.replace(/Uid:.*\n/, "")],
    ["a short Uid line", statusText.replace(/Uid:.*\n/, "Uid:\t1\t2\n")],
    ["no NSpid line", statusText.replace(/NSpid:.*\n/, "")],
    ["empty text", ""],
  ])("refuses %s", (_, text) => {
    expect(parseProcStatus(text)).toBeNull();
  });
});

describe("parsePasswd", () => {
  it("maps uids to names, first line wins, skipping comments and malformed lines", () => {
    const names = parsePasswd(
      [
        "root:x:0:0:root:/root:/bin/sh",
        "# a comment:x:5:5:::",
        "broken:x:7",
        "+nis:x:8:8:::",
        "app:x:1000:1000::/tmp:/bin/sh",
        "toor:x:0:0::/root:/bin/sh",
        "neg:x:-1:0:::",
        "",
      ].join("\n"),
    );
    expect([...names]).toEqual([
      [0, "root"],
      [1000, "app"],
    ]);
  });
});

describe("commandLine", () => {
  it("joins arguments with spaces and drops the trailing NULs", () => {
    expect(commandLine("/bin/sleep\u00001000\u0000", "sleep")).toBe("/bin/sleep 1000");
    expect(commandLine("init\u0000\u0000\u0000\u0000", "init")).toBe("init");
    expect(commandLine("sh\u0000-c\u0000a  b\u0000", "sh")).toBe("sh -c a  b");
  });

  it("shows [comm] when there is no command line", () => {
    expect(commandLine("", "kthreadd")).toBe("[kthreadd]");
  });
});

describe("parseBootTimeSeconds", () => {
  it("finds the btime line of /proc/stat", () => {
    expect(parseBootTimeSeconds("cpu  1 2 3\nintr 5\nbtime 1795909719\nprocesses 9\n")).toBe(1795909719);
    expect(parseBootTimeSeconds("cpu  1 2 3\n")).toBeNull();
  });
});
