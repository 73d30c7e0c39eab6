import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Code quality only; the layer rules (which folder may import which) are dependency-cruiser's job
// (.dependency-cruiser.cjs), run by the same `npm run lint`.
export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "generated/**", "dist/**", "coverage/**", "next-env.d.ts", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-implied-eval": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Plain JavaScript configuration and scripts run on Node.
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { module: "readonly", require: "readonly", process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // One way to write a route or a server action (server/route): an exported handler must be built by route()...
    // .access(rule).handle(...) or defineAction({ access, ... }), never a bare function, so none skips the request
    // guard or forgets to say who may call it.
    files: ["app/**/route.ts", "app/**/actions.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ExportNamedDeclaration > FunctionDeclaration",
          message: "Build route handlers with route()...access(rule).handle() and actions with defineAction() (server/route).",
        },
        {
          selector: "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > :matches(ArrowFunctionExpression, FunctionExpression)",
          message: "Build route handlers with route()...access(rule).handle() and actions with defineAction() (server/route).",
        },
        {
          selector: "ExportDefaultDeclaration",
          message: "Route and action files export named handlers built by server/route.",
        },
      ],
    },
  },
  {
    // Hostile learner programs and sabotage fixtures are deliberately bad code.
    files: ["test/grader/**/programs/**", "test/grader/fixtures/**"],
    rules: { "@typescript-eslint/no-unused-vars": "off", "no-empty": "off", "no-constant-condition": "off" },
  },
);
