import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostProcessesResponse } from "@/lib/process-types";
import { useTempDatabase } from "../helpers/temp-database";

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { createUser } = await import("@/server/auth/accounts");
const { login } = await import("@/server/auth/sessions");
const { CLIENT_ADDRESS_HEADER } = await import("@/server/auth/client-address");
const { GET } = await import("@/app/api/processes/route");
const { RANGE_NOT_IN_USE } = await import("@/server/processes/host-process-view");

const PASSWORD = "a long enough password";
const cookies = { admin: "", viewer: "" };

beforeAll(async () => {
  for (const [name, role] of [["ada", "admin"], ["vic", "viewer"]] as const) {
    const created = await createUser({ name, password: PASSWORD, role });
    if (!created.ok) throw new Error(created.error);
    const session = await login(name, PASSWORD, { address: "127.0.0.1" });
    if (!session.ok) throw new Error("login failed");
    cookies[role] = `lxcd_session=${session.token}`;
  }
});
afterAll(async () => {
  await db().$disconnect();
  temp.cleanup();
});

function get(who: keyof typeof cookies, range: string): Promise<Response> {
  const url = `http://localhost:3000/api/processes?range=${encodeURIComponent(range)}`;
  return GET(new Request(url, { headers: { host: "localhost:3000", cookie: cookies[who], [CLIENT_ADDRESS_HEADER]: "127.0.0.1" } }), undefined);
}

// The host's own uids, root's included (this test runs as root: its own process is uid 0).
const WHOLE_HOST = "0-4294967294";

describe("GET /api/processes?range=", () => {
  it("refuses a viewer a range outside the subordinate ranges in use, with the reason", async () => {
    for (const range of [WHOLE_HOST, "0", "99999-100000"]) {
      const res = await get("viewer", range);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: RANGE_NOT_IN_USE, field: "range" });
    }
  });

  it("lets a viewer list a range within root's subordinate uids (/etc/subuid root:100000:65536)", async () => {
    const res = await get("viewer", "100000-165535");
    expect(res.status).toBe(200);
    expect(((await res.json()) as HostProcessesResponse).ranges).toEqual([{ from: 100000, to: 165535, owners: [] }]);
  });

  it("lets an admin list any uid, root's processes included", async () => {
    const res = await get("admin", WHOLE_HOST);
    expect(res.status).toBe(200);
    const view = (await res.json()) as HostProcessesResponse;
    expect(view.processes.some((p) => p.hostPid === process.pid && p.hostUid === 0)).toBe(true);
  });
});
