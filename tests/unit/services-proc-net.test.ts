import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isWebService, serviceLabel, webUrl } from "@/lib/services";
import { readContainerServices } from "@/server/services/container-services";
import { isListening, parseSocketTable } from "@/server/services/parse-proc-net";
import { socketInodesFromFdinfo } from "@/server/services/socket-owners";

// Lines as a busybox container with httpd on :80 (IPv6 wildcard, dual stack)
// and nc on UDP 5353 shows them, plus a connected UDP client and an
// established TCP connection (neither is listening).
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 100000        0 22536 1 00000000d20c6921 100 0 0 10 0
   1: 0000000000000000FFFF0000A503000A:0050 0000000000000000FFFF00000103000A:9114 06 00000000:00000000 03:000015A6 00000000     0        0 0 3 00000000c78e967a
`;
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 100000        0 30001 1 0000000000000000 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000 100000        0 40001 2 0000000000000000 0
  124: A503000A:B1C2 0103000A:0035 01 00000000:00000000 00:00000000 00000000 100000        0 40002 2 0000000000000000 0
`;

describe("socket tables", () => {
  it("reads addresses in the kernel's byte order, ports, states and inodes", () => {
    const [listen, established] = parseSocketTable(TCP6, "tcp", 6);
    expect(listen).toMatchObject({ localAddress: "::", localPort: 80, state: 0x0a, inode: 22536 });
    expect(established).toMatchObject({ localAddress: "::ffff:10.0.3.165", localPort: 80, remotePort: 0x9114, state: 6 });
    expect(parseSocketTable(TCP, "tcp", 4)[0]).toMatchObject({ localAddress: "127.0.0.1", localPort: 8080 });
    expect(parseSocketTable("garbage\n   0: zz:zz\n", "tcp", 4)).toEqual([]);
  });

  it("shortens IPv6 addresses as RFC 5952 does", () => {
    const line = (hex: string) => `   0: ${hex}:0016 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 7 1\n`;
    // fe80::1 and 2001:db8::1:0:0:1, each word little-endian.
    expect(parseSocketTable(line("000080FE000000000000000001000000"), "tcp", 6)[0]!.localAddress).toBe("fe80::1");
    expect(parseSocketTable(line("B80D0120000000000000010001000000"), "tcp", 6)[0]!.localAddress).toBe("2001:db8::1:0:0:1");
  });

  it("counts LISTEN TCP and unconnected bound UDP sockets as listening, nothing else", () => {
    const all = [...parseSocketTable(TCP6, "tcp", 6), ...parseSocketTable(UDP, "udp", 4)];
    expect(all.filter(isListening).map((e) => `${e.protocol}:${e.localPort}`)).toEqual(["tcp:80", "udp:5353"]);
  });
});

describe("readContainerServices on a fake /proc", () => {
  let root: string;
  const H = (n: number) => 5_000_000 + n;

  function addProcess(pid: number, namespace: string, comm: string, nspid: number[], sockets: number[] = []) {
    const dir = path.join(root, String(pid));
    mkdirSync(path.join(dir, "ns"), { recursive: true });
    mkdirSync(path.join(dir, "fd"));
    mkdirSync(path.join(dir, "net"));
    writeFileSync(path.join(dir, "comm"), `${comm}\n`);
    writeFileSync(path.join(dir, "status"), `Name:\t${comm}\nState:\tS (sleeping)\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t${nspid.join("\t")}\nThreads:\t1\n`);
    symlinkSync(`pid:[${namespace}]`, path.join(dir, "ns", "pid"));
    symlinkSync("/dev/null", path.join(dir, "fd", "0"));
    sockets.forEach((inode, i) => symlinkSync(`socket:[${inode}]`, path.join(dir, "fd", String(3 + i))));
  }

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "services-proc-"));
    addProcess(H(1), "host", "init", [H(1)], [22536]); // a host process holding an inode of the same number: not the container's
    addProcess(H(100), "A", "init", [H(100), 1]);
    writeFileSync(path.join(root, String(H(100)), "net", "tcp6"), TCP6);
    writeFileSync(path.join(root, String(H(100)), "net", "tcp"), TCP);
    writeFileSync(path.join(root, String(H(100)), "net", "udp"), UDP);
    addProcess(H(101), "A", "httpd", [H(101), 7], [22536]);
    addProcess(H(102), "A", "httpd", [H(102), 8], [22536]); // a worker sharing the socket: the lower PID is named
    addProcess(H(103), "A", "nc", [H(103), 9], [40001, 40002]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("lists each listening socket with the container's program that holds it, by inode", async () => {
    const services = await readContainerServices([{ name: "web", initPid: H(100) }], root);
    expect(services.get("web")).toEqual([
      { protocol: "tcp", port: 80, addresses: ["::"], program: "httpd", pid: 7, reachable: true },
      { protocol: "tcp", port: 8080, addresses: ["127.0.0.1"], program: null, pid: null, reachable: false },
      { protocol: "udp", port: 5353, addresses: ["0.0.0.0"], program: "nc", pid: 9, reachable: true },
    ]);
  });

  it("leaves out a container whose init has gone", async () => {
    const services = await readContainerServices([{ name: "gone", initPid: H(999) }], root);
    expect(services.size).toBe(0);
  });
});

describe("sockets from fdinfo (a regular user's view of its containers' processes)", () => {
  it("takes the inodes of files on sockfs's mount only", () => {
    const root = mkdtempSync(path.join(tmpdir(), "services-fdinfo-"));
    try {
      mkdirSync(path.join(root, "42", "fdinfo"), { recursive: true });
      const fdinfo = (fd: number, mnt: number, ino: number) =>
        writeFileSync(path.join(root, "42", "fdinfo", String(fd)), `pos:\t0\nflags:\t02\nmnt_id:\t${mnt}\nino:\t${ino}\n`);
      fdinfo(3, 10, 22536); // a socket
      fdinfo(4, 27, 22537); // a file on another mount, whatever its inode number
      writeFileSync(path.join(root, "42", "fdinfo", "5"), "pos:\t0\nflags:\t02\n"); // no numbers: skipped
      expect(socketInodesFromFdinfo(root, 42, 10)).toEqual([22536]);
      expect(socketInodesFromFdinfo(root, 42, null)).toEqual([]);
      expect(socketInodesFromFdinfo(root, 43, 10)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("chips", () => {
  it("names a service by program and port, UDP marked", () => {
    expect(serviceLabel({ program: "nginx", port: 80, protocol: "tcp" })).toBe("nginx :80");
    expect(serviceLabel({ program: "nc", port: 5353, protocol: "udp" })).toBe("nc :5353/udp");
    expect(serviceLabel({ program: null, port: 22, protocol: "tcp" })).toBe("? :22");
  });

  it("links web services, https on the TLS ports", () => {
    expect(isWebService({ program: "httpd", port: 81, protocol: "tcp" })).toBe(true);
    expect(isWebService({ program: "sshd", port: 22, protocol: "tcp" })).toBe(false);
    expect(isWebService({ program: "x", port: 80, protocol: "udp" })).toBe(false);
    expect(webUrl("10.0.3.5", 80)).toBe("http://10.0.3.5/");
    expect(webUrl("10.0.3.5", 8443)).toBe("https://10.0.3.5:8443/");
    expect(webUrl("fd00::2", 8080)).toBe("http://[fd00::2]:8080/");
  });
});
