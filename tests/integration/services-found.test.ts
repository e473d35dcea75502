// Issue 12: the services a real container listens on, found from the host
// through its network namespace's socket tables and its processes' fds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContainerServices } from "@/server/services/container-services";
import { readListeningSockets } from "@/server/services/listening-sockets";
import { createServingContainer, removeServingContainer, UDP_PORT } from "../helpers/service-container";
import { run, uniqueName } from "./lxc-helpers";

const NAME = uniqueName("services");

beforeAll(async () => {
  await createServingContainer(NAME);
});
afterAll(() => removeServingContainer(NAME));

describe("services of a running container", () => {
  it("lists busybox httpd on TCP 80 and nc on UDP with their programs", async () => {
    const initPid = Number(run("lxc-info", "-n", NAME, "-pH").trim());
    // The UDP listener was started in the background: wait until it has bound.
    let services = (await readContainerServices([{ name: NAME, initPid }])).get(NAME)!;
    for (let i = 0; i < 20 && !services.some((s) => s.protocol === "udp"); i++) {
      await new Promise((r) => setTimeout(r, 250));
      services = (await readContainerServices([{ name: NAME, initPid }])).get(NAME)!;
    }
    const http = services.find((s) => s.protocol === "tcp" && s.port === 80);
    const udp = services.find((s) => s.protocol === "udp" && s.port === UDP_PORT);
    expect(http).toMatchObject({ program: "httpd", reachable: true });
    expect(udp).toMatchObject({ program: "nc", reachable: true });
    // PIDs as the container sees them: neither is its init.
    expect(http!.pid).toBeGreaterThan(1);
    expect(udp!.pid).toBeGreaterThan(1);
  });

  it("reads the container's namespace, not the host's", () => {
    const initPid = Number(run("lxc-info", "-n", NAME, "-pH").trim());
    const host = readListeningSockets("self")!;
    const inside = readListeningSockets(initPid)!;
    expect(inside.some((s) => s.protocol === "udp" && s.localPort === UDP_PORT)).toBe(true);
    // Whatever the host listens on, the container's table does not share its sockets.
    const hostInodes = new Set(host.map((s) => s.inode));
    expect(inside.every((s) => !hostInodes.has(s.inode))).toBe(true);
  });
});
