import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import { enroll } from "../../server/courses";
import { syncContent } from "../../server/content/sync";
import { startGradingNode } from "../../server/grading/grading-node";
import { createUser, testDb } from "../helpers/db";

/**
 * `npm run regrade` as an operator runs it, on the embedded SQLite database with the real grader: submissions of
 * a real exercise graded by the sandboxed workers, then regraded twice (and previewed): an unchanged exercise
 * changes nothing, and the last line of --json says so in numbers.
 */
const root = path.resolve(import.meta.dirname, "../..");
const EXERCISE = "layout-i386";
const exerciseDir = path.join(root, "content/memory-between-kernel-and-user/03.kernel-memory-and-highmem/01.lowmem-and-highmem/exercises", EXERCISE);
const db = testDb();
const run = promisify(execFile);
const submissionIds: string[] = [];

async function regrade(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/regrade/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, GRADER_WORKERS: "2" },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

const lastJsonLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;

beforeAll(async () => {
  const [course] = await loadCourses(path.join(root, "content"));
  if (!course) throw new Error("no course");
  await syncContent(db, [course]);
  const learner = await createUser(db);
  await enroll(db, learner.id, course.id);
  const solution = readFileSync(path.join(exerciseDir, "solution.ts"), "utf8");
  const starter = readFileSync(path.join(exerciseDir, "starter.ts"), "utf8");
  const node = await startGradingNode({ db, databaseUrl: process.env.DATABASE_URL ?? "", kind: "web", workers: 1, workerPath: path.join(root, "generated/grader/worker.mjs"), log: () => undefined });
  try {
    const version = (await db.exercise.findUniqueOrThrow({ where: { id: EXERCISE } })).contentHash;
    for (const code of [solution, starter]) {
      const row = await node.queue.submit({ userId: learner.id, exerciseId: EXERCISE, exerciseVersion: version, code, maxScore: 1, seed: `cli-${submissionIds.length}` }, 0);
      submissionIds.push(row.id);
    }
    const deadline = Date.now() + 60_000;
    while ((await db.submission.count({ where: { id: { in: submissionIds }, status: "graded" } })) < 2) {
      if (Date.now() > deadline) throw new Error("the submissions were not graded in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await node.close();
  }
}, 120_000);

afterAll(() => db.$disconnect());

describe("npm run regrade", () => {
  it("regrades an unchanged exercise twice in a row, and neither run changes a score", async () => {
    const before = await db.submission.findMany({ where: { id: { in: submissionIds } }, orderBy: { createdAt: "asc" } });
    expect(before.map((row) => row.score)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(before[0]?.score).toBeGreaterThan(before[1]?.score ?? Infinity);

    for (const attempt of [1, 2]) {
      const { code, stdout, stderr } = await regrade("--exercise", EXERCISE, "--json");
      expect({ attempt, code, stderr: code === 0 ? "" : stderr }).toEqual({ attempt, code: 0, stderr: "" });
      const summary = lastJsonLine(stdout);
      expect(summary).toMatchObject({ exerciseId: EXERCISE, dryRun: false, changed: 0, failed: 0, changes: [] });
      expect(summary.regraded).toBeGreaterThanOrEqual(2);
      expect(summary.regraded).toBe(summary.total);
    }
    const after = await db.submission.findMany({ where: { id: { in: submissionIds } }, orderBy: { createdAt: "asc" } });
    expect(after.map((row) => [row.score, row.regradedFrom])).toEqual(before.map((row) => [row.score, null]));
    // Every grading is kept: the first and the two regrades, each with the first grading's seeds.
    const gradings = await db.grading.findMany({ where: { submissionId: { in: submissionIds } }, orderBy: { createdAt: "asc" } });
    expect(gradings.map((g) => g.kind).sort()).toEqual(["regrade", "regrade", "regrade", "regrade", "submit", "submit"]);
    for (const id of submissionIds) expect(new Set(gradings.filter((g) => g.submissionId === id).map((g) => `${g.seed}/${g.hiddenSeed}/${g.score}`)).size).toBe(1);
  }, 300_000);

  it("previews with --dry-run, writing a human summary without --json", async () => {
    const { code, stdout } = await regrade("--exercise", EXERCISE, "--dry-run");
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Previewing a regrade of \\d+ submission\\(s\\) of ${EXERCISE} against version [0-9a-f]{16}\\.\\nDry run: would regrade \\d+ of \\d+ submission\\(s\\) of ${EXERCISE} against version [0-9a-f]{16}: 0 would change, \\d+ unchanged, 0 failed\\.\\n$`));
    expect(await db.grading.count({ where: { submissionId: { in: submissionIds }, kind: "preview" } })).toBe(2);
  }, 120_000);

  it("answers bad usage with the usage line (exit 2) and an unknown exercise or course with a sentence (exit 1)", async () => {
    const missing = await regrade("--dry-run");
    expect([missing.code, missing.stderr]).toEqual([2, "--exercise is required\nUsage: npm run regrade -- --exercise ID [--course ID] [--dry-run] [--json]\n"]);
    const unknownOption = await regrade("--exercise", EXERCISE, "--force");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Usage: npm run regrade");
    const unknown = await regrade("--exercise", "no-such-exercise");
    expect([unknown.code, unknown.stderr]).toEqual([1, 'There is no exercise "no-such-exercise".\n']);
    const wrongCourse = await regrade("--exercise", EXERCISE, "--course", "another-course");
    expect(wrongCourse.code).toBe(1);
    expect(wrongCourse.stderr).toMatch(/^The course "another-course" has no exercise "layout-i386"/);
  }, 120_000);
});
