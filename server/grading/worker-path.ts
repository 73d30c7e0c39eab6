import path from "node:path";

/** Where `npm run build` puts the grader (worker.mjs and the exercises' sandbox runtimes). */
export const DEFAULT_GRADER_BUILD_DIR = "generated/grader";

/**
 * The grading worker bundle of the grader build in `buildDir` (GRADER_BUILD_DIR, default generated/grader), relative
 * to the repository root the processes run from.
 */
export function graderWorkerPath(buildDir: string | undefined, root: string = process.cwd()): string {
  return path.resolve(/* turbopackIgnore: true */ root, buildDir ?? DEFAULT_GRADER_BUILD_DIR, "worker.mjs");
}
