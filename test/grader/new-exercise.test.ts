import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExerciseFolders } from "../../content/kit/exercise-folders";
import type { GradeResult } from "../../contract/grade-result";
import { LocalPool } from "../../grader/pool/local-pool";
import { buildGrader, REPO_ROOT } from "../../scripts/build-grader";
import { scaffoldExercise, scaffoldLesson } from "../../scripts/content-new/scaffold";

// Adding an exercise is `npm run content:new` and then only files inside the new folder. Proved end to end in a
// scratch copy of the repository: scaffold it, build the grader exactly as `npm run build` does (the worker bundle
// from the copy's generated registries, one sandbox runtime per folder), and grade in a real worker process.

const LESSON = "demo-course/01.paging-basics/01.page-numbers";
let root: string;
let pool: LocalPool | null = null;
let written: string[] = [];
let folder = "";

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "pagewise-new-exercise-"));
  await mkdir(path.join(root, "content/demo-course"), { recursive: true });
  await cp(path.join(REPO_ROOT, "content/kit"), path.join(root, "content/kit"), { recursive: true });
  // The grader is copied (its registry must be the copy's, generated here); the rest is the real thing.
  await cp(path.join(REPO_ROOT, "grader"), path.join(root, "grader"), {
    recursive: true,
    filter: (source) => path.basename(source) !== "exercise-secrets.ts",
  });
  for (const shared of ["sim", "contract", "node_modules"])
    await symlink(path.join(REPO_ROOT, shared), path.join(root, shared));
  await writeFile(
    path.join(root, "content/demo-course/course.json"),
    JSON.stringify({ id: "demo-course", title: "Demo", summary: "A scratch course." }),
  );

  await scaffoldLesson(root, {
    lessonPath: LESSON,
    title: "Page numbers",
    summary: "The page an address is in",
    moduleTitle: "Paging basics",
  });
  written = await scaffoldExercise(root, { lessonPath: LESSON, id: "page-number", title: "The page of an address" });
  const exercises = findExerciseFolders(root);
  folder = path.join(root, exercises[0]?.folder ?? "missing");
  await buildGrader({
    outDir: path.join(root, "generated/grader"),
    workerEntry: path.join(root, "grader/worker/main.ts"),
    learnerApiPath: path.join(REPO_ROOT, "sim/learner-api.ts"),
    exercises: exercises.map((exercise) => ({ id: exercise.id, folder: path.join(root, exercise.folder) })),
  });
  pool = new LocalPool({ workerPath: path.join(root, "generated/grader/worker.mjs"), size: 1 });
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await rm(root, { recursive: true, force: true });
});

async function grade(file: "solution.ts" | "starter.ts"): Promise<GradeResult> {
  if (!pool) throw new Error("the pool did not start");
  const code = await readFile(path.join(folder, file), "utf8");
  return pool.grade({ exerciseId: "page-number", code, seed: "new-exercise", hiddenSeed: "new-exercise-hidden" });
}

describe("a new exercise is one folder", () => {
  it("is written as files inside its own folder only", () => {
    expect(written.length).toBeGreaterThanOrEqual(7);
    for (const file of written) expect(path.dirname(file)).toBe(folder);
  });

  it("builds and grades its reference solution to full marks in a real worker", async () => {
    const result = await grade("solution.ts");
    expect(result.status).toBe("graded");
    expect(result.maxScore).toBeGreaterThan(0);
    expect(result.score).toBe(result.maxScore);
    expect(result.checks.some((check) => check.visibility === "hidden")).toBe(true);
  });

  it("and fails its starter on at least one check", async () => {
    const result = await grade("starter.ts");
    expect(result.status).toBe("graded");
    expect(result.score).toBeLessThan(result.maxScore);
  });
});
