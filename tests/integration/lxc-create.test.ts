import { access, readFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CommandFailed,
  ContainerExists,
  containerExists,
  createContainer,
  ensureUnprivilegedConfig,
  listContainers,
  lxcPath,
  OperationCancelled,
} from "@/server/lxc";
import { eventually, removeContainer, uniqueName, useAdapterSandbox } from "./lxc-helpers";

// Creates that fail or are cancelled must leave no container (and no directory) behind.
const sandbox = useAdapterSandbox();
const { made } = sandbox;

const exists = (p: string) => access(p).then(() => true, () => false);
const dirOf = (name: string) => path.join(lxcPath(), name);

describe("the unprivileged base config", () => {
  it("is written into DATA_DIR from the running user's subordinate ranges", async () => {
    const { path: file, content } = await ensureUnprivilegedConfig();
    expect(file).toBe(path.join(sandbox.dataDir, "unprivileged.conf"));
    expect(await readFile(file, "utf8")).toBe(content);
    // This host: root:100000:65536 in /etc/subuid and /etc/subgid.
    expect(content).toContain("lxc.idmap = u 0 100000 65536\n");
    expect(content).toContain("lxc.idmap = g 0 100000 65536\n");
    expect(content).toContain("lxc.net.0.link = lxcbr0\n");
  });
});

describe("createContainer", () => {
  it("creates, sets autostart and starts when asked; refuses the same name again", async () => {
    const name = uniqueName("create");
    made.push(name);
    const hooks = { onLine: () => {}, signal: new AbortController().signal };
    await createContainer({ template: "busybox", name, unprivileged: true, autostart: true, start: true }, hooks);
    const row = (await listContainers()).find((c) => c.name === name);
    expect(row).toMatchObject({ state: "RUNNING", autostart: true, unprivileged: true });

    const config = await readFile(path.join(dirOf(name), "config"), "utf8");
    const again = await createContainer({ template: "busybox", name, unprivileged: false, autostart: false, start: false }, hooks).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ContainerExists);
    expect((again as Error).message).toBe(`container ${name} already exists`);
    expect(await readFile(path.join(dirOf(name), "config"), "utf8")).toBe(config);
    removeContainer(name);
  });

  it("a create that fails leaves no container", async () => {
    const name = uniqueName("fail");
    made.push(name);
    const lines: string[] = [];
    // Nothing listens on localhost:443 here: lxc-download fails on its first fetch, after lxc-create made the directory.
    const e = await createContainer(
      { template: "download", name, unprivileged: false, autostart: false, start: false, dist: "busybox", release: "1.36.1", arch: "amd64", variant: "default", server: "localhost" },
      { onLine: (line) => lines.push(line), signal: new AbortController().signal },
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CommandFailed);
    expect((e as CommandFailed).exitCode).not.toBe(0);
    expect((e as CommandFailed).argv).toContain("--server");
    expect(lines.join("\n")).toContain("Failed to download");
    expect(await containerExists(name)).toBe(false);
    expect(await exists(dirOf(name))).toBe(false);
    expect((await listContainers()).some((c) => c.name === name)).toBe(false);
  });

  describe("cancelled while the template downloads", () => {
    // A "mirror" on loopback that accepts connections and never answers: the download hangs until cancelled.
    let server: Server;
    const sockets = new Set<Socket>();
    let port = 0;

    beforeAll(async () => {
      server = createServer((s) => {
        sockets.add(s);
        s.resume(); // read (and ignore) the TLS hello, so the peer's close is seen
        s.on("close", () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      port = (server.address() as { port: number }).port;
    });

    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    });

    it("leaves no container, no directory and no process behind", async () => {
      const name = uniqueName("cancel");
      made.push(name);
      const controller = new AbortController();
      const lines: string[] = [];
      const pending = createContainer(
        { template: "download", name, unprivileged: false, autostart: false, start: false, dist: "busybox", release: "1.36.1", arch: "amd64", variant: "default", server: `localhost:${port}` },
        { onLine: (line) => lines.push(line), signal: controller.signal },
      ).catch((err: unknown) => err);

      // The template is waiting on our silent mirror, and lxc-create has made the container's directory.
      await eventually(async () => (sockets.size > 0 ? true : undefined), 20_000, "the template to connect");
      expect(await exists(path.join(dirOf(name), "config"))).toBe(true);

      controller.abort();
      const e = await pending;
      expect(e).toBeInstanceOf(OperationCancelled);
      expect((e as Error).message).toBe(`creating ${name} was cancelled`);
      expect(await exists(dirOf(name))).toBe(false);
      expect((await listContainers()).some((c) => c.name === name)).toBe(false);
      expect(lines).toContain(`Removing the half-made container ${name}`);
      // The hung download died with lxc-create (the whole process group was ended).
      await eventually(async () => (sockets.size === 0 ? true : undefined), 10_000, "the download to close its connection");
    });
  });
});
