import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./database-url";

// One client per process. The custom server (tsx) and Next's server bundle
// each load this module, so the client is kept on globalThis to stay single.
const key = Symbol.for("lxc-dashboard.prisma");
type WithClient = typeof globalThis & { [key]?: PrismaClient };

export function db(): PrismaClient {
  const g = globalThis as WithClient;
  g[key] ??= new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl() }) });
  return g[key];
}
