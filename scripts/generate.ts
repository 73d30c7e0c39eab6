import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findExerciseFolders } from "../content/kit/exercise-folders";
import { renderCatalog, renderSecrets } from "./generate/registries";

/**
 * Generated inputs of the app, all gitignored, run by postinstall, build, dev, content:new and npm test:
 *   content/catalog.ts, grader/exercise-secrets.ts  the registries of exercises, from the folders on disk
 *   generated/editor/sim-types.json                  the learner API's declarations for the editor
 * `--registries` regenerates the registries alone (fast: no TypeScript program).
 */
const root = path.resolve(import.meta.dirname, "..");

/** Writes the two registries for the exercise folders under `repoRoot`; returns the number of exercises. */
export function generateRegistries(repoRoot: string): number {
  const exercises = findExerciseFolders(repoRoot);
  writeIfChanged(path.join(repoRoot, "content/catalog.ts"), renderCatalog(exercises));
  writeIfChanged(path.join(repoRoot, "grader/exercise-secrets.ts"), renderSecrets(exercises));
  return exercises.length;
}

// An unchanged registry keeps its mtime, so `next dev` and tsc's incremental build do not redo work for nothing.
function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  writeFileSync(file, text);
}

async function main(argv: string[]): Promise<void> {
  const count = generateRegistries(root);
  console.log(`content/catalog.ts, grader/exercise-secrets.ts: ${count} exercises found on disk.`);
  if (argv.includes("--registries")) return;
  const outDir = path.join(root, "generated/editor");
  mkdirSync(outDir, { recursive: true });
  // Loaded only here: it brings the TypeScript compiler, which the registries alone do not need.
  const { generateEditorTypes } = await import("./generate/editor-types");
  const files = generateEditorTypes();
  writeFileSync(path.join(outDir, "sim-types.json"), JSON.stringify({ files }, null, 1));
  console.log(`generated/editor/sim-types.json: ${files.length} declaration files for "@pagewise/sim".`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // A content error names the folder and the part; the stack would only bury it.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
