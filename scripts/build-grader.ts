import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";
import { MANIFEST_FILE, type BuildManifest } from "../grader/build-manifest";
import { GRADER_VERSION } from "../grader/version";
import { versionedBytes } from "../content/kit/exercise-version";
import { DEFAULT_GRADER_BUILD_DIR } from "../server/grading/worker-path";

// `npm run build` step 1 (and the grader tests' globalSetup): bundles the grading worker and one sandbox
// runtime per exercise. The runtime is an IIFE the isolate evaluates before the learner's module: sim's learner
// API (what learners import as "@pagewise/sim") plus the exercise's adapter, handed to the harness through
// globalThis.__pagewise_register (which the harness deletes before learner code runs).

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface GraderBuild {
  /** Emptied and refilled: worker.mjs, runtime/<id>.js, runtime/manifest.json. */
  outDir: string;
  workerEntry: string;
  /** The module learners import as "@pagewise/sim". */
  learnerApiPath: string;
  /** Exercise folders (repo-relative or absolute), each with an adapter.ts. */
  exercises: { id: string; folder: string }[];
  /**
   * Source files bundled from another file instead (absolute path -> absolute path): a build of a changed check, staged
   * beside the current one (GRADER_BUILD_DIR) before the content change is deployed, and the end-to-end regrade test.
   */
  replacements?: Record<string, string>;
}

/** The production build: the real catalog, sim/learner-api.ts, into generated/grader. Throws when the catalog is missing. */
export async function productionBuild(outDir = join(REPO_ROOT, DEFAULT_GRADER_BUILD_DIR)): Promise<GraderBuild> {
  if (!existsSync(join(REPO_ROOT, "content/catalog.ts"))) throw new Error("content/catalog.ts does not exist: there are no exercises to build the grader for.");
  const { catalogFolders } = await import("../grader/catalog-registry");
  return {
    outDir,
    workerEntry: join(REPO_ROOT, "grader/worker/main.ts"),
    learnerApiPath: join(REPO_ROOT, "sim/learner-api.ts"),
    exercises: catalogFolders(),
  };
}

/** Builds the worker bundle and every runtime, in parallel; returns the output folder's manifest. */
export async function buildGrader(config: GraderBuild): Promise<BuildManifest> {
  const runtimeDir = join(config.outDir, "runtime");
  await rm(config.outDir, { recursive: true, force: true });
  await mkdir(runtimeDir, { recursive: true });
  const alias = { "@pagewise/sim": config.learnerApiPath };
  const plugins = config.replacements ? [replaceFiles(config.replacements)] : [];
  const worker = build({
    entryPoints: [config.workerEntry],
    outfile: join(config.outDir, "worker.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["ivm-node20", "ivm-node24", "esbuild"],
    alias,
    plugins,
    // Bundled CommonJS dependencies may call require(); give the ESM bundle one.
    banner: { js: 'import { createRequire as __pagewiseCreateRequire } from "node:module"; const require = __pagewiseCreateRequire(import.meta.url);' },
    logLevel: "warning",
  });
  const runtimes = config.exercises.map(async ({ id, folder }) => {
    const adapterPath = resolve(REPO_ROOT, folder, "adapter.ts");
    if (!existsSync(adapterPath)) throw new Error(`Exercise "${id}": ${relative(REPO_ROOT, adapterPath)} does not exist.`);
    const contents = [
      `import * as sim from ${JSON.stringify(config.learnerApiPath)};`,
      `import * as adapterModule from ${JSON.stringify(adapterPath)};`,
      "globalThis.__pagewise_register(sim, adapterModule);",
    ].join("\n");
    const output = await build({
      stdin: { contents, resolveDir: REPO_ROOT, sourcefile: `${id}-runtime.js`, loader: "js" },
      bundle: true,
      write: false,
      format: "iife",
      platform: "neutral",
      target: "es2022",
      alias,
      plugins,
      logLevel: "warning",
    });
    const code = output.outputFiles[0]?.text ?? "";
    await writeFile(join(runtimeDir, `${id}.js`), code);
    return [id, { runtime: `${id}.js`, version: await versionOf(resolve(REPO_ROOT, folder), code) }] as const;
  });
  const [entries] = await Promise.all([Promise.all(runtimes), worker]);
  const manifest: BuildManifest = { graderVersion: GRADER_VERSION, exercises: Object.fromEntries(entries) };
  await writeFile(join(runtimeDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

// An exercise's version: a hash of every file in its folder (solution and hidden checks included) and of its
// runtime bundle (which includes sim's learner API), so any change that could change a grade changes it.
async function versionOf(folder: string, runtime: string): Promise<string> {
  const hash = createHash("sha256").update(runtime);
  const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const paths = files.map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const path of paths) hash.update(relative(folder, path)).update(versionedBytes(basename(path), await readFile(path)));
  return hash.digest("hex").slice(0, 16);
}

/** Loads each replaced source file's stand-in (a TypeScript file; its imports resolve from the original's folder). */
function replaceFiles(replacements: Record<string, string>): Plugin {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const filter = new RegExp(`^(?:${Object.keys(replacements).map(escape).join("|")})$`);
  return {
    name: "pagewise-replace-files",
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        const stand = replacements[args.path];
        if (!stand) return undefined;
        return { contents: await readFile(stand, "utf8"), loader: "ts", resolveDir: dirname(args.path) };
      });
    },
  };
}

// `tsx scripts/build-grader.ts [--out-dir DIR] [--replace ORIGINAL=STAND_IN ...]`: the production build, by default
// into generated/grader.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const { values } = parseArgs({ options: { "out-dir": { type: "string" }, replace: { type: "string", multiple: true } } });
  const config = await productionBuild(values["out-dir"] ? resolve(values["out-dir"]) : undefined);
  for (const pair of values.replace ?? []) {
    const [original, standIn] = pair.split("=");
    if (!original || !standIn) throw new Error(`--replace takes ORIGINAL=STAND_IN, got "${pair}"`);
    config.replacements = { ...config.replacements, [resolve(original)]: resolve(standIn) };
  }
  const manifest = await buildGrader(config);
  const ids = Object.keys(manifest.exercises);
  console.log(`grader: built worker and ${ids.length} exercise runtime(s) (${ids.join(", ")}) in ${Math.round(performance.now() - started)} ms`);
}
