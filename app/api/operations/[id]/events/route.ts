import type { OperationEvent } from "@/lib/api-types";
import { guarded } from "@/server/auth/next";
import { getOperation, watchOperation } from "@/server/containers/operations";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** The operation's output as server-sent events: what happened so far, then live, then its end. */
export const GET = guarded<Ctx>("viewer", "watch operation", async (req, _actor, { params }) => {
  const op = getOperation((await params).id);
  if (!op) return Response.json({ error: "That operation is unknown or finished long ago." }, { status: 404 });

  const encoder = new TextEncoder();
  let stop = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (e: OperationEvent): void => {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(e)}\n\n`));
        if (e.type === "end") {
          queueMicrotask(() => controller.close());
        }
      };
      stop = watchOperation(op, send);
      req.signal.addEventListener("abort", () => stop());
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
});
