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
// Every rule is an error: a layer rule that only warns is a rule nobody keeps.
const forbid = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

module.exports = {
  forbidden: [
    forbid(
      "sim-is-self-contained",
      "sim/ is the pure simulation core: it imports only sim/ (no packages, no Node APIs).",
      { path: "^sim/", pathNot: "\\.test\\.ts$" },
      { pathNot: "^sim/" },
    ),
    forbid(
      "everyone-enters-sim-through-its-entry-points",
      "Outside sim/, import sim/index.ts (or sim/learner-api.ts for learner-facing code).",
      { pathNot: "^sim/" },
      { path: "^sim/", pathNot: "^sim/(index|learner-api)\\.ts$" },
    ),
    forbid(
      "grader-stays-out-of-the-web-app",
      "The grader is a program of its own: never the web app, the server or the database.",
      { path: "^grader/" },
      { path: "^(app|components|server|prisma)/" },
    ),
    forbid(
      "contract-is-the-floor",
      "contract/ holds types and zod schemas only: it imports contract/, sim/ and zod, nothing above it.",
      { path: "^contract/" },
      { pathNot: ["^contract/", "^sim/", "^node_modules/zod/"] },
    ),
    forbid(
      "grader-reads-content-only-through-its-registries",
      "grader/ imports content/ only through the generated registries and the exercise folders they name.",
      { path: "^grader/" },
      { path: "^content/", pathNot: ["^content/catalog\\.ts$", "^content/[^/]+/.+/exercises/[^/]+/"] },
    ),
    forbid(
      "content-stays-below-the-grader",
      "Courses and the kit build on contract/ and sim/; they never import the grader, the server or the app.",
      { path: "^content/", pathNot: "\\.test\\.tsx?$" },
      { path: "^(grader|server|app|components|prisma)/" },
    ),
    forbid(
      "grader-shared-is-browser-safe",
      "grader/shared/ runs in the browser's Run worker too: it imports contract/, sim/ and itself only.",
      { path: "^grader/shared/", pathNot: "\\.test\\.ts$" },
      { pathNot: ["^grader/shared/", "^contract/", "^sim/", "^node_modules/zod/"] },
    ),
    forbid(
      "browser-sees-only-the-grader-shared-half",
      "app/ and components/ may import grader/shared/ only (scoring and the public-check codec).",
      { path: "^(app|components)/" },
      { path: "^grader/", pathNot: "^grader/shared/" },
    ),
    forbid(
      "solutions-and-hidden-checks-only-from-the-grader",
      "Reference solutions and hidden checks never reach the browser or the web server's pages.",
      { pathNot: "^(grader/|content/.*\\.test\\.ts$|scripts/content-check/|test/)" },
      { path: "/solution\\.ts$" },
    ),
    forbid(
      "hidden-checks-only-from-the-grader",
      "Hidden checks and their hidden-*.ts helpers: the grader, tests, and each other (content/README.md).",
      {
        pathNot: [
          "^(grader/|content/.*\\.test\\.ts$|scripts/content-check/|test/)",
          "^content/.+/hidden\\.ts$",
          "^content/.+/hidden-[a-z0-9-]+\\.ts$",
        ],
      },
      { path: ["/hidden\\.ts$", "/hidden-[a-z0-9-]+\\.ts$"] },
    ),
    forbid(
      "browser-never-imports-server",
      "Code that reaches the browser (components, content, sim) never imports server-only modules.",
      { path: "^(components|content|sim)/" },
      { path: "^(server|prisma)/" },
    ),
    forbid(
      "nothing-imports-test-helpers",
      "Only tests import test/.",
      { pathNot: "^test/|\\.test\\.tsx?$|^vitest\\.config" },
      { path: "^test/" },
    ),
    forbid(
      "kit-test-helpers-only-from-tests",
      "content/kit/testing/ judges exercises in their tests; run-time code never needs it.",
      { pathNot: "\\.test\\.tsx?$|^content/kit/testing/" },
      { path: "^content/kit/testing/" },
    ),
    forbid("no-cycles", "No import cycles: every floor stands on the ones below it.", {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
