import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A download-template image built from busybox, in lxc-download's layout, for
 * the tests of the download path (integration and e2e):
 *
 * - rootfs.tar.xz: the rootfs of a fresh busybox container (static busybox, no
 *   device nodes, so it unpacks in a user namespace too);
 * - meta.tar.xz: config and config-user (lxc-download picks config-user when
 *   it runs in a user namespace, i.e. for unprivileged containers), templates,
 *   create-message, excludes-user, expiry.
 *
 * `startImageMirror` serves it over https on loopback the way
 * images.linuxcontainers.org lays it out (/meta/1.0/index-system and -user,
 * /images/DIST/RELEASE/ARCH/VARIANT/BUILD/). lxc-download 5.0.2 always uses
 * https through wget and does no GPG check; the mirror's certificate comes
 * from a CA of the test's own, which wget trusts through `ca_certificate` in
 * ~/.wgetrc: the test gives the tools a HOME whose .wgetrc names it.
 */

const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ["ignore", "pipe", "pipe"] });

/** A directory every uid may read: the template of an unprivileged container runs as the container's root (host uid 100000). */
function readableTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export interface TestImage {
  dist: string;
  release: string;
  arch: string;
  variant: string;
  /** Holds rootfs.tar.xz, meta.tar.xz and the unpacked meta files. */
  dir: string;
}

/** Builds the image under a unique dist name (so its cache directory is the test's alone). */
export function buildBusyboxImage(): TestImage {
  const dist = `t-img-${randomBytes(3).toString("hex")}`;
  const dir = readableTempDir("t-image-");
  const source = `t-img-src-${randomBytes(4).toString("hex")}`;
  run("lxc-create", ["-n", source, "-t", "busybox"]);
  try {
    run("tar", ["--numeric-owner", "-C", `/var/lib/lxc/${source}/rootfs`, "-cJf", path.join(dir, "rootfs.tar.xz"), "."]);
  } finally {
    run("lxc-destroy", ["-n", source]);
  }
  const common = ["lxc.arch = x86_64", "lxc.signal.halt = SIGUSR1", "lxc.signal.reboot = SIGTERM", "lxc.autodev = 1"];
  const meta = path.join(dir, "meta");
  mkdirSync(meta);
  const files: Record<string, string> = {
    config: ["lxc.include = LXC_TEMPLATE_CONFIG/common.conf", ...common, "lxc.mount.auto = cgroup:mixed proc:mixed sys:ro", ""].join("\n"),
    "config-user": ["lxc.include = LXC_TEMPLATE_CONFIG/common.conf", "lxc.include = LXC_TEMPLATE_CONFIG/userns.conf", ...common, ""].join("\n"),
    templates: "",
    "create-message": `A busybox test image (${dist}).\n`,
    "excludes-user": "dev/*\n",
    expiry: `${Math.floor(Date.now() / 1000) + 30 * 86400}\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(meta, name), text);
  run("tar", ["-C", meta, "-cJf", path.join(dir, "meta.tar.xz"), "."]);
  return { dist, release: "1.36", arch: "amd64", variant: "default", dir };
}

/** Puts the image straight into lxc-download's cache, as a finished download leaves it. */
export function cacheImage(image: TestImage, cacheRoot: string, build: string): string {
  const target = path.join(cacheRoot, image.dist, image.release, image.arch, image.variant);
  mkdirSync(target, { recursive: true });
  cpSync(path.join(image.dir, "rootfs.tar.xz"), path.join(target, "rootfs.tar.xz"));
  cpSync(path.join(image.dir, "meta"), target, { recursive: true });
  writeFileSync(path.join(target, "build_id"), `${build}\n`);
  return target;
}

export interface ImageMirror {
  /** host:port, as --server and the catalogue's server field take it. */
  server: string;
  /** A HOME whose .wgetrc trusts the mirror's CA. */
  home: string;
  /** Paths asked for, in order. */
  requests: string[];
  /** Lists `build` of the image in the index (the files are served under that build's path); extra lines go after it. */
  publish(build: string, extraLines?: string[]): void;
  close(): Promise<void>;
}

export async function startImageMirror(image: TestImage): Promise<ImageMirror> {
  const root = readableTempDir("t-mirror-");
  const www = path.join(root, "www");
  const home = path.join(root, "home");
  mkdirSync(path.join(www, "meta", "1.0"), { recursive: true });
  mkdirSync(home);
  const ca = path.join(root, "ca.pem");
  const caKey = path.join(root, "ca.key");
  const key = path.join(root, "server.key");
  const csr = path.join(root, "server.csr");
  const cert = path.join(root, "server.pem");
  const ext = path.join(root, "ext.cnf");
  run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca, "-days", "2", "-subj", "/CN=lxc-dashboard test CA"]);
  run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1"]);
  writeFileSync(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  run("openssl", ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext]);
  chmodSync(ca, 0o644);
  writeFileSync(path.join(home, ".wgetrc"), `ca_certificate = ${ca}\n`, { mode: 0o644 });

  const requests: string[] = [];
  const server: Server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    // lxc-download asks for "//meta/1.0/index-user" (it joins "https://SERVER/" and "/meta/…").
    const wanted = path.posix.normalize(decodeURIComponent((req.url ?? "/").split("?")[0]!)).replace(/^\/+/, "/");
    requests.push(wanted);
    const file = path.join(www, wanted);
    if (!file.startsWith(`${www}/`)) {
      res.writeHead(403).end();
      return;
    }
    try {
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    server: `127.0.0.1:${port}`,
    home,
    requests,
    publish(build, extraLines = []) {
      const where = `/images/${image.dist}/${image.release}/${image.arch}/${image.variant}/${build}`;
      mkdirSync(path.join(www, where), { recursive: true });
      for (const f of ["rootfs.tar.xz", "meta.tar.xz"]) cpSync(path.join(image.dir, f), path.join(www, where, f));
      const line = [image.dist, image.release, image.arch, image.variant, build, where].join(";");
      const index = [line, ...extraLines, ""].join("\n");
      for (const mode of ["system", "user"]) writeFileSync(path.join(www, "meta", "1.0", `index-${mode}`), index);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
