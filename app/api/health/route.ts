// Liveness for the process supervisor and the test harness: says only that
// the server answers, nothing about the host or its containers.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true });
}
