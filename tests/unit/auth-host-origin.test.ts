import os from "node:os";
import { describe, expect, it } from "vitest";
import { HostAllowlist, machineHostNames, parseHostHeader } from "@/server/auth/host-allowlist";
import { originProblem } from "@/server/auth/origin-check";

const allowlist = new HostAllowlist([...machineHostNames(), "dash.home.arpa"]);

describe("Host header allowlist", () => {
  it.each([
    "localhost",
    "localhost:3000",
    "LOCALHOST:3000",
    "localhost.:3000",
    "127.0.0.1",
    "127.0.0.1:8443",
    "10.0.3.1:3000",
    "[::1]",
    "[::1]:3000",
    "[fe80::1]:3000",
    `${os.hostname()}:3000`,
    os.hostname().toUpperCase(),
    "dash.home.arpa:443",
  ])("allows %s", (host) => {
    expect(allowlist.allows(host)).toBe(true);
  });

  it.each([
    "evil.example",
    "evil.example:3000",
    `${os.hostname()}.evil.example`,
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "",
    null,
    undefined,
    "localhost:abc",
    "localhost:3000:3000",
    "[::1",
    "[evil.example]:3000",
    "local host",
    "localhost/x",
  ])("refuses %j", (host) => {
    expect(allowlist.allows(host)).toBe(false);
  });

  it("ignores the port but keeps it for same-origin comparisons", () => {
    expect(parseHostHeader("Example.COM:8080")).toEqual({ name: "example.com", port: 8080 });
    expect(parseHostHeader("[::1]:3000")).toEqual({ name: "::1", port: 3000 });
    expect(parseHostHeader("[::1]")).toEqual({ name: "::1", port: null });
  });

  it("knows the machine's own name and localhost by default, nothing foreign", () => {
    const names = machineHostNames();
    expect(names).toContain("localhost");
    expect(names).toContain(os.hostname().toLowerCase());
    expect(new HostAllowlist(machineHostNames()).allows("dash.home.arpa")).toBe(false);
  });
});

describe("Origin rules", () => {
  const post = (origin: string | null | undefined, host = "localhost:3000") => originProblem({ method: "POST", host, origin }, allowlist);

  it("accepts a POST from the dashboard's own origin", () => {
    expect(post("http://localhost:3000")).toBeNull();
    expect(post("https://127.0.0.1:3000", "127.0.0.1:3000")).toBeNull();
    expect(post("http://[::1]:3000", "[::1]:3000")).toBeNull();
    expect(post("https://dash.home.arpa", "dash.home.arpa")).toBeNull();
    expect(post("https://dash.home.arpa", "dash.home.arpa:443")).toBeNull();
  });

  it("refuses a foreign Origin", () => {
    expect(post("https://evil.example")).toBe("origin-foreign");
    expect(post("http://evil.example:3000", "evil.example:3000")).toBe("origin-foreign"); // rebinding: host not ours
    expect(post("http://localhost:8080")).toBe("origin-foreign"); // another service on this machine
    expect(post("http://127.0.0.1:3000")).toBe("origin-foreign"); // another name is another origin
    expect(post("http://localhost:3000/path")).toBe("origin-foreign");
    expect(post("file://localhost:3000")).toBe("origin-foreign");
    expect(post("not a url")).toBe("origin-foreign");
  });

  it("refuses Origin: null", () => {
    expect(post("null")).toBe("origin-null");
  });

  it("refuses a state-changing request without Origin", () => {
    expect(post(undefined)).toBe("origin-missing");
    expect(post(null)).toBe("origin-missing");
    expect(post("")).toBe("origin-missing");
    for (const method of ["PUT", "PATCH", "DELETE", "delete"]) {
      expect(originProblem({ method, host: "localhost:3000" }, allowlist)).toBe("origin-missing");
    }
  });

  it("treats a server action as state-changing whatever its method", () => {
    expect(originProblem({ method: "GET", host: "localhost:3000", isAction: true }, allowlist)).toBe("origin-missing");
  });

  it("lets a GET omit Origin but not send a foreign one", () => {
    expect(originProblem({ method: "GET", host: "localhost:3000" }, allowlist)).toBeNull();
    expect(originProblem({ method: "GET", host: "localhost:3000", origin: "https://evil.example" }, allowlist)).toBe(
      "origin-foreign",
    );
  });
});
