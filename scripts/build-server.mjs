// Compiles the custom server (server/index.ts and everything of ours it
// imports) into one plain-JavaScript file, dist/server.mjs, that `node` runs
// with no TypeScript loader: npm packages stay imports from node_modules.
// Run by scripts/setup-app.sh after `next build`.
import { build } from "esbuild";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
await build({
  absWorkingDir: root,
  entryPoints: ["server/index.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: "linked",
  // The Prisma client's generated code and a few packages still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});
