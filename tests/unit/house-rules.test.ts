import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The house's rules (eslint.config.mjs) catch what they are for: each case is
// a line a newcomer might write, linted as if it sat in the file named.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

// Loading the config and its plugins takes seconds on a busy machine; once, before the cases.
beforeAll(() => problems("lib/warm-up.ts", "export {};\n"), 60_000);

describe("import boundaries", () => {
  it("keeps lib/ free of node, server/, components/ and app/", async () => {
    expect(await problems("lib/x.ts", `import { readFileSync } from "node:fs";\nexport const a = readFileSync;\n`)).toEqual([
      expect.stringContaining("no Node built-ins"),
    ]);
    expect(await problems("lib/x.ts", `import path from "path";\nexport const a = path;\n`)).toEqual([expect.stringContaining("no Node built-ins")]);
    expect(await problems("lib/x.ts", `import { db } from "../server/db";\nexport const a = db;\n`)).toEqual([
      expect.stringContaining("lib/ imports nothing from server/"),
    ]);
    expect(await problems("lib/sub/x.ts", `import { Button } from "@/components/ui/button";\nexport const a = Button;\n`)).toHaveLength(1);
    expect(await problems("lib/x.ts", `import { z } from "zod";\nimport { roleSatisfies } from "./roles";\nexport const a = [z, roleSatisfies];\n`)).toEqual([]);
  });

  it("lets components/ take only types from server/", async () => {
    expect(await problems("components/x.tsx", `import { db } from "@/server/db";\nexport const a = db;\n`)).toEqual([
      expect.stringContaining("components/ take only types from server/"),
    ]);
    expect(await problems("components/x.tsx", `import type { Actor } from "@/server/auth/access-check";\nexport type A = Actor;\n`)).toEqual([]);
  });

  it("keeps server/ free of components/ and app/", async () => {
    expect(await problems("server/x.ts", `import { ContainerTable } from "../components/containers/container-table";\nexport const a = ContainerTable;\n`)).toEqual([
      expect.stringContaining("server/ imports nothing from components/ or app/"),
    ]);
    expect(await problems("server/lxc/x.ts", `import { startAction } from "@/app/containers/actions";\nexport const a = startAction;\n`)).toHaveLength(1);
    expect(await problems("server/x.ts", `import { NextResponse } from "next/server";\nexport const a = NextResponse;\n`)).toEqual([]);
  });
});

describe("process-wide state", () => {
  it("has one home: Symbol.for and globalThis slots elsewhere are refused", async () => {
    expect(await problems("server/x.ts", `export const KEY = Symbol.for("mine");\n`)).toEqual([expect.stringContaining("processSingleton")]);
    expect(await problems("server/x.ts", `(globalThis as Record<string, unknown>).store = new Map();\n`)).toEqual([
      expect.stringContaining("processSingleton"),
    ]);
    expect(await problems("server/process-singleton.ts", `export const KEY = Symbol.for("lxc-dashboard.process-singletons");\n`)).toEqual([]);
  });
});

describe("React's rules", () => {
  it("refuses a hook called conditionally in a component", async () => {
    const code = `import { useState } from "react";\nexport function A({ on }: { on: boolean }) {\n  if (on) { const [x] = useState(0); return x; }\n  return null;\n}\n`;
    expect(await problems("components/a.tsx", code)).toEqual([expect.stringContaining("react-hooks/rules-of-hooks")]);
  });
});
