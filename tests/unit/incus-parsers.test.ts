import { describe, expect, it } from "vitest";
import { containerNameProblem, incusNameProblem } from "@/lib/container-name";
import { containerHref, containerKey, containerKeyProblem, hostCreateCall, hostNameProblem, parseContainerKey } from "@/lib/hosts";
import type { IncusInstance } from "@/server/incus/api-types";
import { shortFingerprint } from "@/server/incus/errors";
import { addressesOf, instanceRow, stateOf } from "@/server/incus/instance-row";
import { addressUrl, decodeTrustToken } from "@/server/incus/trust-token";
import { formatRestCall, incusPaths, withProject } from "@/server/hosts/incus-paths";
import { lifecycleCalls } from "@/server/hosts/incus-actions";

const FP = "44c6493bd730c44536ab86176ed1eda64615b418c1b402fc2ee6cc17455a8698";
const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");

describe("trust tokens", () => {
  const token = { client_name: "dashboard", fingerprint: FP, addresses: ["192.0.2.10:8443", "[fd00::1]:8443"], secret: "s3cr3t", expires_at: "0001-01-01T00:00:00Z" };

  it("reads what `incus config trust add` prints", () => {
    expect(decodeTrustToken(encode(token))).toEqual({
      ok: true,
      token: { clientName: "dashboard", fingerprint: FP, addresses: ["192.0.2.10:8443", "[fd00::1]:8443"], secret: "s3cr3t", expiresAt: null },
    });
  });

  it("says what is wrong with one that is not a token, or lacks a part, or has expired", () => {
    expect(decodeTrustToken("")).toMatchObject({ ok: false, problem: expect.stringContaining("Paste the trust token") });
    expect(decodeTrustToken("hello world")).toMatchObject({ ok: false, problem: expect.stringContaining("not an Incus trust token") });
    expect(decodeTrustToken(encode({ ...token, fingerprint: "abc" }))).toMatchObject({ ok: false, problem: "The trust token has no server certificate fingerprint." });
    expect(decodeTrustToken(encode({ ...token, addresses: [] }))).toMatchObject({ ok: false, problem: expect.stringContaining("names no server address") });
    expect(decodeTrustToken(encode({ ...token, secret: "" }))).toMatchObject({ ok: false, problem: "The trust token has no secret." });
    const expired = decodeTrustToken(encode({ ...token, expires_at: "2020-01-01T00:00:00Z" }), new Date("2026-01-01T00:00:00Z"));
    expect(expired).toMatchObject({ ok: false, problem: expect.stringContaining("expired at 2020-01-01T00:00:00.000Z") });
  });

  it("turns a token's address into a URL", () => {
    expect(addressUrl("192.0.2.10:8443")).toBe("https://192.0.2.10:8443");
    expect(addressUrl("https://lab.example:8443/")).toBe("https://lab.example:8443");
  });
});

describe("instances as list rows", () => {
  const instance: IncusInstance = {
    name: "web",
    status: "Running",
    status_code: 103,
    type: "container",
    location: "m2",
    project: "default",
    architecture: "x86_64",
    created_at: "2026-12-01T00:00:00Z",
    profiles: ["default"],
    config: {},
    expanded_config: { "boot.autostart": "true" },
    state: {
      status: "Running",
      status_code: 103,
      pid: 4242,
      processes: 3,
      memory: { usage: 696320 },
      network: {
        lo: { type: "loopback", addresses: [{ family: "inet", address: "127.0.0.1", netmask: "8", scope: "local" }] },
        eth0: {
          type: "broadcast",
          addresses: [
            { family: "inet", address: "10.99.0.125", netmask: "24", scope: "global" },
            { family: "inet6", address: "fd42::5", netmask: "64", scope: "global" },
            { family: "inet6", address: "fe80::1", netmask: "64", scope: "link" },
          ],
        },
      },
    },
  };

  it("maps state, addresses, memory, autostart and the cluster member", () => {
    expect(instanceRow(instance, { target: "lab", local: true, clustered: true })).toEqual({
      name: "web",
      state: "RUNNING",
      pid: 4242,
      memoryBytes: 696320,
      autostart: true,
      ipv4: ["10.99.0.125"],
      ipv6: ["fd42::5"],
      unprivileged: true,
      target: "lab",
      member: "m2",
    });
  });

  it("keeps the init PID only for a daemon on this machine, and no member outside a cluster", () => {
    expect(instanceRow(instance, { target: "lab", local: false, clustered: false })).toMatchObject({ pid: null, member: null });
  });

  it("shows a stopped one without addresses or memory, and a privileged one as such", () => {
    const stopped = { ...instance, status: "Stopped", expanded_config: { "security.privileged": "true" }, state: { ...instance.state!, status: "Stopped" } };
    expect(instanceRow(stopped, { target: "lab", local: true, clustered: false })).toMatchObject({ state: "STOPPED", pid: null, memoryBytes: null, ipv4: [], ipv6: [], unprivileged: false, autostart: false });
  });

  it("names Incus's statuses the list's way", () => {
    expect(["Running", "Stopped", "Frozen", "Error", "Something new"].map(stateOf)).toEqual(["RUNNING", "STOPPED", "FROZEN", "ERROR", "ERROR"]);
    expect(addressesOf(null)).toEqual({ ipv4: [], ipv6: [] });
  });
});

describe("names per host", () => {
  it("applies Incus's rule on Incus hosts and the classic rule here, which differ at the edges", () => {
    const digits = "123456789012345678901"; // beyond a 64-bit number: Incus takes it, the classic rule never
    expect(incusNameProblem(digits)).toBeNull();
    expect(containerNameProblem(digits)).toBe("A name cannot be only digits.");
    expect(incusNameProblem("1234")).toBe("A name cannot be a number.");
    expect(incusNameProblem("web/snap0")).toBe("'/' is reserved for Incus snapshots.");
    expect(incusNameProblem("web_1")).toBe("Use only letters, digits and '-'.");
    expect(incusNameProblem("-web")).toBe("A name cannot start or end with '-'.");
    expect(incusNameProblem("a".repeat(64))).toBe("A name has at most 63 characters.");
    expect(incusNameProblem("web-1")).toBeNull();
  });

  it("checks host names, keys and hrefs", () => {
    expect(hostNameProblem("lab-1")).toBeNull();
    expect(hostNameProblem("local")).toContain("this machine's classic LXC");
    expect(hostNameProblem("Lab")).toBe("Use only lowercase letters, digits and '-'.");
    expect(containerKey({ name: "web" })).toBe("web");
    expect(containerKey({ name: "web", target: "lab" })).toBe("lab/web");
    expect(parseContainerKey("lab/web")).toEqual({ target: "lab", name: "web" });
    expect(containerKeyProblem("lab/web")).toBeNull();
    expect(containerKeyProblem("lab/web_1")).toBe("Use only letters, digits and '-'.");
    expect(containerKeyProblem("LAB/web")).toBe("Use only lowercase letters, digits and '-'.");
    expect(containerHref({ name: "web" }, "terminal")).toBe("/containers/web/terminal");
    expect(containerHref({ name: "web", target: "lab" }, "terminal")).toBe("/hosts/lab/containers/web/terminal");
  });
});

describe("REST calls as the audit log writes them", () => {
  it("formats calls with their project and body", () => {
    expect(formatRestCall("PUT", incusPaths.instanceState("web"), { action: "start" })).toBe('PUT /1.0/instances/web/state {"action":"start"}');
    expect(withProject("/1.0/instances", "default", { recursion: "2" })).toBe("/1.0/instances?recursion=2");
    expect(withProject("/1.0/instances?target=m1", "lab")).toBe("/1.0/instances?target=m1&project=lab");
  });

  it("has one call per lifecycle action, and destroy stops a running container first", () => {
    expect(lifecycleCalls("stop", "web", true)).toEqual([{ method: "PUT", path: "/1.0/instances/web/state", body: { action: "stop", timeout: 30, force: false }, operation: true }]);
    expect(lifecycleCalls("destroy", "web", true).map((c) => c.method)).toEqual(["PUT", "DELETE"]);
    expect(lifecycleCalls("destroy", "web", false).map((c) => c.method)).toEqual(["DELETE"]);
  });

  it("builds the create request with a member as target", () => {
    expect(hostCreateCall({ name: "web", image: "busybox", member: "m2", start: true }, "abc")).toEqual({
      method: "POST",
      path: "/1.0/instances?target=m2",
      body: { name: "web", type: "container", source: { type: "image", fingerprint: "abc" }, start: true },
    });
  });

  it("shortens fingerprints for sentences", () => {
    expect(shortFingerprint(FP)).toBe("44c6493bd730…8698");
  });
});
