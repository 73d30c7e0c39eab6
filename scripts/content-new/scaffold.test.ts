import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import type { CheckGroup, ExerciseAdapter, ExerciseSpec } from "../../contract/exercise";
import { asEntry, judgeGroup, referenceAnswer } from "../../content/kit/testing/judge-group";
import { scaffoldExercise, scaffoldLesson, ScaffoldError } from "./scaffold";

vi.mock("@pagewise/sim", () => import("../../sim/learner-api"));

// content:new in a scratch repository: content/kit is copied, sim/ and contract/ link to the real ones, so the scaffolded
// exercise compiles against the real kit and is judged the way the grader judges it.
const repo = path.resolve(import.meta.dirname, "../..");
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "pagewise-content-new-"));
  await mkdir(path.join(root, "content/demo-course"), { recursive: true });
  // A copy, not a link: the loader takes a link in the content root for a stray file.
  await cp(path.join(repo, "content/kit"), path.join(root, "content/kit"), { recursive: true });
  await symlink(path.join(repo, "sim"), path.join(root, "sim"));
  await symlink(path.join(repo, "contract"), path.join(root, "contract"));
  await symlink(path.join(repo, "node_modules"), path.join(root, "node_modules"));
  await mkdir(path.join(root, "grader"), { recursive: true });
  const course = { id: "demo-course", title: "Demo", summary: "A course for the scaffolder's test." };
  await writeFile(path.join(root, "content/demo-course/course.json"), JSON.stringify(course));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("content:new", () => {
  it("scaffolds a lesson and an exercise that load, pass with the reference and fail with the starter", async () => {
    await scaffoldLesson(root, {
      lessonPath: "demo-course/01.paging-basics/01.page-numbers",
      title: "Page numbers",
      summary: "What the top 20 bits of an address say: the page it is in",
      moduleTitle: "Paging basics",
    });
    const written = await scaffoldExercise(root, {
      lessonPath: "demo-course/01.paging-basics/01.page-numbers",
      id: "page-number",
      title: "The page of an address",
    });

    const [course] = await loadCourses(path.join(root, "content"));
    const lesson = course?.modules[0]?.lessons[0];
    expect(lesson?.title).toBe("Page numbers");
    expect(lesson?.summary).toBe("What the top 20 bits of an address say: the page it is in");
    const exercise = lesson?.exercises[0];
    expect(exercise?.id).toBe("page-number");

    const dir = path.join(root, "content/demo-course/01.paging-basics/01.page-numbers/exercises/page-number");
    const { spec } = (await import(path.join(dir, "spec.ts"))) as { spec: ExerciseSpec<number> };
    const { adapter } = (await import(path.join(dir, "adapter.ts"))) as { adapter: ExerciseAdapter };
    const { hiddenChecks } = (await import(path.join(dir, "hidden.ts"))) as {
      hiddenChecks: (s: string) => CheckGroup[];
    };
    const solution = (await import(path.join(dir, "solution.ts"))) as { pageNumber: (va: number) => number };
    const starter = (await import(path.join(dir, "starter.ts"))) as { pageNumber: (va: number) => number };

    const groups = [...spec.publicChecks("ada"), ...hiddenChecks("fresh")];
    expect(groups.reduce((sum, g) => sum + g.points, 0)).toBe(spec.settings.points);
    const options = { spec, adapter, expected: referenceAnswer(spec, adapter, asEntry(solution.pageNumber)) };
    for (const group of groups) expect(judgeGroup(group, asEntry(solution.pageNumber), options).messages).toEqual([]);
    const starterMessages = groups.flatMap((g) => judgeGroup(g, asEntry(starter.pageNumber), options).messages);
    expect(starterMessages[0]).toBe("pageNumber(0xfff): you returned 0xfff, expected 0x0.");
    const signed = (va: number) => va >> 12;
    const signedMessages = groups.flatMap((g) => judgeGroup(g, asEntry(signed), options).messages);
    expect(signedMessages.some((m) => m.includes("use >>> for an unsigned shift"))).toBe(true);

    // Only the new folder was written; the registries were regenerated from the folders on disk and name it.
    expect(written.every((file) => file.startsWith(dir + path.sep))).toBe(true);
    const catalog = await readFile(path.join(root, "content/catalog.ts"), "utf8");
    expect(catalog).toContain(
      'import { spec as pageNumberSpec } from "./demo-course/01.paging-basics/01.page-numbers/exercises/page-number/spec";',
    );
    expect(catalog).not.toMatch(/solution|hidden/);
    const secrets = await readFile(path.join(root, "grader/exercise-secrets.ts"), "utf8");
    expect(secrets).toContain(
      '"page-number": { solution: { ...pageNumberSolution }, hiddenChecks: pageNumberHidden },',
    );
  });

  it("refuses bad paths, unknown courses, new modules without a title, duplicates and overwrites", async () => {
    const lesson = { title: "T", summary: "S" };
    await expect(scaffoldLesson(root, { ...lesson, lessonPath: "demo-course/paging/01.x" })).rejects.toThrow(
      /NN.kebab-slug/,
    );
    await expect(scaffoldLesson(root, { ...lesson, lessonPath: "nope/01.a/01.b" })).rejects.toThrow(/no course "nope"/);
    await expect(scaffoldLesson(root, { ...lesson, lessonPath: "demo-course/01.a/01.b" })).rejects.toThrow(
      /--module-title/,
    );
    await scaffoldLesson(root, { ...lesson, lessonPath: "demo-course/01.a/01.b", moduleTitle: "A" });
    await expect(scaffoldLesson(root, { ...lesson, lessonPath: "demo-course/01.a/01.b" })).rejects.toThrow(
      /already exists/,
    );
    await expect(
      scaffoldExercise(root, { lessonPath: "demo-course/01.a/01.b", id: "Bad_Id", title: "x" }),
    ).rejects.toThrow(ScaffoldError);
    await expect(
      scaffoldExercise(root, { lessonPath: "demo-course/01.a/09.none", id: "ok-id", title: "x" }),
    ).rejects.toThrow(/no lesson/);
    await scaffoldExercise(root, { lessonPath: "demo-course/01.a/01.b", id: "ok-id", title: "x" });
    await scaffoldLesson(root, { ...lesson, lessonPath: "demo-course/01.a/02.c" });
    await expect(
      scaffoldExercise(root, { lessonPath: "demo-course/01.a/02.c", id: "ok-id", title: "x" }),
    ).rejects.toThrow(/already taken by content\/demo-course\/01.a\/01.b\/exercises\/ok-id/);
  });
});
