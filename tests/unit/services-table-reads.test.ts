// A namespace's socket tables are read again only when its socket counts
// (sockstat) changed: each tcp table read walks the host-wide TCP hash.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readContainerServices } from "@/server/services/container-services";

const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const listen = (port: number, inode: number) => `   0: 00000000:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1\n`;
let root: string;
const PID = 7_000_100;
const net = (file: string, text: string) => writeFileSync(path.join(root, String(PID), "net", file), text);
const sockstat = (tcp: number) => {
  net("sockstat", `sockets: used 9\nTCP: inuse ${tcp} orphan 0 tw 0 alloc 1 mem 1\nUDP: inuse 0 mem 0\n`);
  net("sockstat6", "TCP6: inuse 0\nUDP6: inuse 0\n");
};
const ports = async () => (await readContainerServices([{ name: "c", initPid: PID }], root)).get("c")!.map((s) => s.port);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "table-reads-"));
  const dir = path.join(root, String(PID));
  mkdirSync(path.join(dir, "ns"), { recursive: true });
  mkdirSync(path.join(dir, "net"));
  mkdirSync(path.join(dir, "fd"));
  symlinkSync("pid:[X]", path.join(dir, "ns", "pid"));
  writeFileSync(path.join(dir, "comm"), "init\n");
  writeFileSync(path.join(dir, "status"), `Name:\tinit\nState:\tS\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t${PID}\t1\nThreads:\t1\n`);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("socket tables read again only when the counts change", () => {
  it("keeps the last read while the counts stay, and reads again when they change", async () => {
    net("tcp", HEADER + listen(80, 501));
    sockstat(1);
    expect(await ports()).toEqual([80]);
    // The table changes behind the counts' back: not read again.
    net("tcp", HEADER + listen(80, 501) + listen(81, 502));
    expect(await ports()).toEqual([80]);
    // A socket more: read again.
    sockstat(2);
    expect(await ports()).toEqual([80, 81]);
  });

  it("without sockstat (an older kernel, another /proc) reads the tables every time", async () => {
    net("tcp", HEADER + listen(80, 501));
    expect(await ports()).toEqual([80]);
    net("tcp", HEADER + listen(80, 501) + listen(81, 502));
    expect(await ports()).toEqual([80, 81]);
  });
});
