import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildGrader, REPO_ROOT } from "../../scripts/build-grader";
import { testBuild } from "../grader/fixtures/build-config";

// Vitest globalSetup (grader and integration projects): builds the test worker with the fixture exercises, and
// the production worker too once content/catalog.ts exists, so tests always run the code as it is now. The
// production build runs as its own tsx process: it imports the catalog, whose modules resolve "@pagewise/sim"
// through tsconfig paths, which vitest's globalSetup loader does not apply.
export default async function setup(): Promise<void> {
  await buildGrader(testBuild());
  if (existsSync(join(REPO_ROOT, "content/catalog.ts"))) {
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs"), join(REPO_ROOT, "scripts/build-grader.ts")], { cwd: REPO_ROOT, stdio: "inherit" });
  }
}
