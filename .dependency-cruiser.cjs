/**
 * The layer rules of STYLE.md and docs/architecture.md, enforced: a violation fails `npm run lint`.
 *   sim/        imports only sim/ (no npm packages, no Node built-ins)
 *   contract/   the floor: types and zod schemas that cross a process or package edge; imports sim/ and zod only
 *   grader/     imports sim/, contract/, and of content/ only the generated registry and the exercise folders
 *   grader/shared/  what the browser's Run worker shares with the host grader: contract/ and sim/ only
 *   content/    never imports grader/, server/ or the web app
 *   app/, components/  import of the grader only grader/shared/, and never solutions or hidden checks
 *   content/**\/solution.* and hidden.* are imported only by grader/ (and their own tests)
 *   nothing outside test/ imports test/; content/kit/testing/ only from tests; no cycles
 */
module.exports = {
  forbidden: [
    {
      name: "sim-is-self-contained",
      comment: "sim/ is the pure simulation core: it imports only sim/ (no packages, no Node APIs).",
      severity: "error",
      from: { path: "^sim/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: "^sim/" },
    },
    {
      name: "everyone-enters-sim-through-its-entry-points",
      comment: "Outside sim/, import sim/index.ts (or sim/learner-api.ts for learner-facing code).",
      severity: "error",
      from: { pathNot: "^sim/" },
      to: { path: "^sim/", pathNot: "^sim/(index|learner-api)\\.ts$" },
    },
    {
      name: "grader-stays-out-of-the-web-app",
      severity: "error",
      from: { path: "^grader/" },
      to: { path: "^(app|components|server|prisma)/" },
    },
    {
      name: "contract-is-the-floor",
      comment: "contract/ holds types and zod schemas only: it imports contract/, sim/ and zod, nothing above it.",
      severity: "error",
      from: { path: "^contract/" },
      to: { pathNot: ["^contract/", "^sim/", "^node_modules/zod/"] },
    },
    {
      name: "grader-reads-content-only-through-its-registries",
      comment: "grader/ imports content/ only through the generated registries and the exercise folders they name.",
      severity: "error",
      from: { path: "^grader/" },
      to: { path: "^content/", pathNot: ["^content/catalog\\.ts$", "^content/[^/]+/.+/exercises/[^/]+/"] },
    },
    {
      name: "content-stays-below-the-grader",
      comment: "Courses and the kit build on contract/ and sim/; they never import the grader, the server or the app.",
      severity: "error",
      from: { path: "^content/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^(grader|server|app|components|prisma)/" },
    },
    {
      name: "grader-shared-is-browser-safe",
      comment: "grader/shared/ runs in the browser's Run worker too: it imports contract/, sim/ and itself only.",
      severity: "error",
      from: { path: "^grader/shared/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: ["^grader/shared/", "^contract/", "^sim/", "^node_modules/zod/"] },
    },
    {
      name: "browser-sees-only-the-grader-shared-half",
      comment: "app/ and components/ may import grader/shared/ only (scoring and the public-check codec).",
      severity: "error",
      from: { path: "^(app|components)/" },
      to: { path: "^grader/", pathNot: "^grader/shared/" },
    },
    {
      name: "solutions-and-hidden-checks-only-from-the-grader",
      comment: "Reference solutions and hidden checks never reach the browser or the web server's pages.",
      severity: "error",
      from: { pathNot: "^(grader/|content/.*\\.test\\.ts$|scripts/content-check/|test/)" },
      to: { path: "/solution\\.ts$" },
    },
    {
      name: "hidden-checks-only-from-the-grader",
      comment: "Hidden checks and their hidden-*.ts helpers: the grader, tests, and each other (content/README.md).",
      severity: "error",
      from: {
        pathNot: [
          "^(grader/|content/.*\\.test\\.ts$|scripts/content-check/|test/)",
          "^content/.+/hidden\\.ts$",
          "^content/.+/hidden-[a-z0-9-]+\\.ts$",
        ],
      },
      to: { path: ["/hidden\\.ts$", "/hidden-[a-z0-9-]+\\.ts$"] },
    },
    {
      name: "browser-never-imports-server",
      severity: "error",
      from: { path: "^(components|content|sim)/" },
      to: { path: "^(server|prisma)/" },
    },
    {
      name: "nothing-imports-test-helpers",
      severity: "error",
      from: { pathNot: "^test/|\\.test\\.tsx?$|^vitest\\.config" },
      to: { path: "^test/" },
    },
    {
      name: "kit-test-helpers-only-from-tests",
      comment: "content/kit/testing/ judges exercises in their tests; run-time code never needs it.",
      severity: "error",
      from: { pathNot: "\\.test\\.tsx?$|^content/kit/testing/" },
      to: { path: "^content/kit/testing/" },
    },
    {
      name: "no-cycles",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
