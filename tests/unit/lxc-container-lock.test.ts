import { describe, expect, it, vi } from "vitest";
import { busyContainers, ContainerBusy, withContainerLock, withContainerLockIfFree } from "@/server/lxc";

/** A promise and the function that settles it, to hold a lock exactly as long as a test wants. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe("withContainerLock", () => {
  it("runs operations on one container one at a time, in arrival order", async () => {
    const order: string[] = [];
    const first = gate();
    const a = withContainerLock("web", "starting", async () => {
      order.push("a begins");
      await first.opened;
      order.push("a ends");
    });
    const b = withContainerLock("web", "destroying", async () => {
      order.push("b");
    });
    const c = withContainerLock("web", async () => {
      order.push("c");
    });
    await vi.waitFor(() => expect(order).toEqual(["a begins"]));
    expect(busyContainers().get("web")).toBe("starting");
    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(["a begins", "a ends", "b", "c"]);
    expect(busyContainers().has("web")).toBe(false);
  });

  it("does not make other containers wait", async () => {
    const held = gate();
    const slow = withContainerLock("one", held.opened.then.bind(held.opened, () => "one"));
    await expect(withContainerLock("two", async () => "two")).resolves.toBe("two");
    held.open();
    await slow;
  });

  it("passes on the result and the error, and frees the lock after an error", async () => {
    await expect(withContainerLock("web", async () => 42)).resolves.toBe(42);
    await expect(withContainerLock("web", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withContainerLock("web", async () => "next")).resolves.toBe("next");
  });

  it("is re-entrant within one flow (an action layer around startContainer), keeping the outer label", async () => {
    const result = await withContainerLock("web", "restarting", async () =>
      withContainerLock("web", "inner", async () => busyContainers().get("web")),
    );
    expect(result).toBe("restarting");
  });

  it("is not re-entrant for work that outlives the holder", async () => {
    let later!: Promise<string>;
    const order: string[] = [];
    const next = gate();
    await withContainerLock("web", async () => {
      later = next.opened.then(() => withContainerLock("web", async () => (order.push("late"), "late")));
    });
    const blocker = gate();
    const other = withContainerLock("web", async () => {
      await blocker.opened;
      order.push("other");
    });
    next.open();
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    blocker.open();
    await Promise.all([other, later]);
    expect(order).toEqual(["other", "late"]);
  });

  it("withContainerLockIfFree answers ContainerBusy instead of waiting", async () => {
    const held = gate();
    const running = withContainerLock("web", "stopping", () => held.opened);
    const e = await withContainerLockIfFree("web", "starting", async () => "ran").catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ContainerBusy);
    expect((e as ContainerBusy).message).toBe("container web is busy (stopping); try again when it has finished");
    held.open();
    await running;
    await expect(withContainerLockIfFree("web", "starting", async () => "ran")).resolves.toBe("ran");
  });

  it("shares its state with a second copy of the module (Next's bundle and the custom server)", async () => {
    vi.resetModules();
    const copy = await import("@/server/lxc/container-lock");
    const held = gate();
    const order: string[] = [];
    const a = withContainerLock("web", "freezing", async () => {
      await held.opened;
      order.push("first copy");
    });
    expect(copy.busyContainers().get("web")).toBe("freezing");
    const b = copy.withContainerLock("web", async () => {
      order.push("second copy");
    });
    held.open();
    await Promise.all([a, b]);
    expect(order).toEqual(["first copy", "second copy"]);
  });
});
