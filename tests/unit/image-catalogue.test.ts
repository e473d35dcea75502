import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setToolRunner, type RunOptions, type ToolRunner } from "@/server/lxc";
import { forgetCatalogues, getCatalogue } from "@/server/images/catalogue";

const INDEX = [
  "busybox;1.36;amd64;default;20251128_00:00;/images/busybox/1.36/amd64/default/20251128_00:00",
  "debian;bookworm;amd64;default;20251128_05:24;/images/debian/bookworm/amd64/default/20251128_05:24",
  "",
].join("\n");

type Answer = { exitCode: number; stdout?: string } | "hang" | "missing";

/** wget as the catalogue runs it, answering from a script; every spawn is recorded. */
function fakeWget(answers: Answer[]) {
  const spawns: string[][] = [];
  const runner: ToolRunner = {
    async run(argv, options: RunOptions) {
      spawns.push([...argv]);
      const answer = answers.shift() ?? { exitCode: 4 };
      if (answer === "missing") throw Object.assign(new Error("spawn wget ENOENT"), { code: "ENOENT" });
      if (answer === "hang") {
        await new Promise<void>((resolve) => options.signal?.addEventListener("abort", () => resolve()));
        return { argv: [...argv], exitCode: 143, stdout: "", stderr: "" };
      }
      const stdout = answer.stdout ?? "";
      for (const line of stdout.split("\n")) options.onLine?.(line, "stdout");
      return { argv: [...argv], exitCode: answer.exitCode, stdout, stderr: "" };
    },
    runSync: () => {
      throw new Error("not used");
    },
  };
  setToolRunner(runner);
  return spawns;
}

beforeEach(() => forgetCatalogues());
afterEach(() => {
  setToolRunner();
  vi.useRealTimers();
});

describe("the image catalogue", () => {
  it("reads SERVER/meta/1.0/index-system with wget and keeps it in memory", async () => {
    const spawns = fakeWget([{ exitCode: 0, stdout: INDEX }]);
    const first = await getCatalogue("mirror.lan:8443");
    expect(first).toMatchObject({ ok: true, server: "mirror.lan:8443", malformed: 0 });
    expect(first.images.map((i) => i.dist)).toEqual(["busybox", "debian"]);
    expect(spawns[0]).toEqual(["wget", "--user-agent=lxc-dashboard", "-q", "-T", "5", "--tries=1", "--max-redirect=0", "-O", "-", "https://mirror.lan:8443/meta/1.0/index-system"]);
    expect(await getCatalogue("mirror.lan:8443")).toBe(first);
    expect(spawns).toHaveLength(1);
  });

  it("shares one read between concurrent callers", async () => {
    const spawns = fakeWget([{ exitCode: 0, stdout: INDEX }]);
    const [a, b] = await Promise.all([getCatalogue(), getCatalogue()]);
    expect(a).toBe(b);
    expect(spawns).toHaveLength(1);
    expect(spawns[0]!.at(-1)).toBe("https://images.linuxcontainers.org/meta/1.0/index-system");
  });

  it.each([
    [{ exitCode: 4 }, "images.linuxcontainers.org could not be reached (network failure)"],
    [{ exitCode: 5 }, "presented a certificate that is not trusted"],
    [{ exitCode: 8 }, "answered with an error"],
    [{ exitCode: 0, stdout: "<html><body>Sign in to the Wi-Fi</body></html>\n" }, "answered with something that is not an image index"],
    [{ exitCode: 0, stdout: "" }, "answered with an empty file"],
    ["missing" as const, "wget is not installed (lxc-download needs it too); install it with: apt-get install -y wget"],
  ])("says why when the server answers %j, and offers no images", async (answer, why) => {
    fakeWget([answer]);
    const c = await getCatalogue();
    expect(c.ok).toBe(false);
    expect(!c.ok && c.message).toContain(why);
    expect(c.images).toEqual([]);
  });

  it("gives up on a server that does not answer after 5 seconds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    fakeWget(["hang"]);
    const reading = getCatalogue("slow.lan");
    await vi.advanceTimersByTimeAsync(5000);
    const c = await reading;
    expect(!c.ok && c.message).toBe("slow.lan did not answer within 5 seconds.");
  });

  it("cuts off an answer too big to be an index", async () => {
    fakeWget([{ exitCode: 0, stdout: `${"x".repeat(1024 * 1024)}\n`.repeat(9) }]);
    const c = await getCatalogue("flood.lan");
    expect(!c.ok && c.message).toContain("sent more than 8388608 bytes");
  });

  it("keeps offering the last good index when a later read fails, and says when it was read", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const spawns = fakeWget([{ exitCode: 0, stdout: INDEX }, { exitCode: 4 }]);
    const good = await getCatalogue();
    vi.setSystemTime(Date.now() + 11_000);
    const failed = await getCatalogue(undefined, { reread: true });
    expect(spawns).toHaveLength(2);
    expect(failed.ok).toBe(false);
    expect(failed.images).toEqual(good.images);
    expect(failed.readAt).toBe(good.readAt);
  });

  it("reads a failed server again only after a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const spawns = fakeWget([{ exitCode: 4 }, { exitCode: 0, stdout: INDEX }]);
    await getCatalogue();
    vi.setSystemTime(Date.now() + 30_000);
    expect((await getCatalogue()).ok).toBe(false);
    vi.setSystemTime(Date.now() + 31_000);
    expect((await getCatalogue()).ok).toBe(true);
    expect(spawns).toHaveLength(2);
  });
});
