// The house's rules, checked by `npm run lint` in scripts/test.sh (a break fails CI):
// typescript-eslint, Next's and React Hooks' rules, the import boundaries of
// DESIGN.md ("data flows one way") and one home for process-wide state.
import { builtinModules } from "node:module";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** An import of one of our top-level folders, by alias (`@/server/x`) or relatively (`../server/x`). */
const ours = (folder) => `^(@/|(\\.\\./)+)${folder}(/|$)`;
const NODE_BUILTINS = `^(node:|(${builtinModules.filter((m) => !m.startsWith("_")).join("|")})(/|$))`;

const boundary = (patterns) => ({
  "no-restricted-imports": "off",
  "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
});

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "dist/", "server/generated/", "test-results/", "playwright-report/", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  // Next's and React's rules where React code lives (tests' `use…` helpers are not hooks).
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Process-wide state has one home (server/process-singleton.ts: processSingleton), because
      // this process loads server/ twice (the custom server and Next's bundle).
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Symbol'][callee.property.name='for']",
          message: "Process-wide state goes through processSingleton (server/process-singleton.ts), not a Symbol.for slot.",
        },
        {
          selector: "AssignmentExpression > MemberExpression.left Identifier[name='globalThis']",
          message: "Process-wide state goes through processSingleton (server/process-singleton.ts), not globalThis.",
        },
      ],
    },
  },
  {
    files: ["server/process-singleton.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  // lib/ is pure and shared by both sides: nothing from node, server/, components/ or app/.
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: boundary([
      { regex: NODE_BUILTINS, message: "lib/ is shared with the browser: no Node built-ins here (put it in server/)." },
      { regex: ours("(server|components|app)"), message: "lib/ imports nothing from server/, components/ or app/." },
    ]),
  },
  // components/ run in the browser: from server/ only types (data comes through app/'s actions and routes).
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: boundary([
      { regex: ours("server"), allowTypeImports: true, message: "components/ take only types from server/ (data comes through app/'s actions and routes)." },
    ]),
  },
  // server/ never renders: nothing from components/ or app/.
  {
    files: ["server/**/*.{ts,tsx}"],
    rules: boundary([{ regex: ours("(components|app)"), message: "server/ imports nothing from components/ or app/." }]),
  },
);
