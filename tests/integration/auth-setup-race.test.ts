import { existsSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import { useTempDatabase } from "../helpers/temp-database";

const temp = useTempDatabase();
const { db } = await import("@/server/db");
const { completeSetup, ensureSetupToken, setupTokenFile } = await import("@/server/auth/setup-token");

afterAll(async () => {
  await db().$disconnect();
  temp.cleanup();
});

it("lets only one of two racing setups with the right token create an admin", async () => {
  const token = (await ensureSetupToken(() => {}))!;
  const client = { address: "127.0.0.1" };
  const results = await Promise.all([
    completeSetup({ token, name: "first", password: "a long enough password" }, client),
    completeSetup({ token, name: "second", password: "a long enough password" }, client),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(results.find((r) => !r.ok)).toMatchObject({ reason: expect.stringMatching(/^(bad-token|setup-done)$/) });
  expect(await db().user.count()).toBe(1);
  expect(existsSync(setupTokenFile())).toBe(false);
});
