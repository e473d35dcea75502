// Prisma 6.19 with its JavaScript schema engine: no native engine download
// (the network here reaches only the npm registry). See HOST-NOTES.md.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./server/database-url";

// The schema's datasource reads DATABASE_URL; without it the CLI falls back to
// fetching a native engine, so default it to the SQLite file in DATA_DIR.
process.env.DATABASE_URL ??= databaseUrl();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
