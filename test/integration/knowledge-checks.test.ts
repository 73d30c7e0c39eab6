import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import type { LoadedCourse } from "../../content/kit/course-schema";
import { syncContent } from "../../server/content/sync";
import { enroll, listCatalog } from "../../server/courses";
import { RequestError } from "../../server/errors";
import { buildGradebook } from "../../server/gradebook";
import { answerKnowledgeCheck, listKnowledgeCheckStates } from "../../server/knowledge-checks";
import { pdeIndexCheck as pdeIndex, rightsCheck as rights } from "../fixtures/knowledge-checks";
import { createUser, testDb } from "../helpers/db";

// Knowledge checks from a real (small) content tree on disk, through the real loader and sync, graded and stored
// in this test file's own migrated SQLite database.

const db = testDb();
const temps: string[] = [];
afterAll(async () => {
  await db.$disconnect();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

const roots = new Map<string, string>();

/** Writes (or rewrites) a one-lesson course with these checks and loads it; the same id reuses its folder. */
async function courseWith(checks: object[], courseId = `kc-${randomUUID().slice(0, 8)}`): Promise<LoadedCourse[]> {
  const root = roots.get(courseId) ?? (await mkdtemp(path.join(tmpdir(), "pagewise-kc-")));
  roots.set(courseId, root);
  temps.push(root);
  const lessonDir = path.join(root, courseId, "01.paging", "01.two-level");
  await mkdir(lessonDir, { recursive: true });
  await writeFile(
    path.join(root, courseId, "course.json"),
    JSON.stringify({ id: courseId, title: "KC", summary: "s" }),
  );
  await writeFile(
    path.join(root, courseId, "01.paging", "module.json"),
    JSON.stringify({ title: "Paging", summary: "s" }),
  );
  await writeFile(path.join(lessonDir, "lesson.mdx"), "---\ntitle: Two levels\nsummary: s\n---\n# Two levels\n");
  await writeFile(path.join(lessonDir, "knowledge-checks.json"), JSON.stringify({ checks }));
  return loadCourses(root);
}

async function refusal(work: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return { status: error.status, code: error.code, message: error.message };
}

async function enrolledCourse() {
  const courses = await courseWith([pdeIndex, rights]);
  await syncContent(db, courses);
  const course = courses[0];
  const lesson = course?.modules[0]?.lessons[0];
  if (!course || !lesson) throw new Error("the fixture has no lesson");
  const learner = await createUser(db);
  await enroll(db, learner.id, course.id);
  return { courses, course, lesson, learner };
}

describe("content sync of knowledge checks", () => {
  it("stores each check's question and version, idempotently, and retires a removed one", async () => {
    const courses = await courseWith([pdeIndex, rights]);
    const courseId = courses[0]?.id ?? "";
    const first = await syncContent(db, courses);
    expect(first.knowledgeChecks).toBe(2);
    expect(await syncContent(db, courses)).toEqual(first);
    const rows = await db.knowledgeCheck.findMany({ where: { courseId }, orderBy: { position: "asc" } });
    expect(rows.map((row) => [row.id, row.checkId, row.kind, row.position, row.retiredAt])).toEqual([
      [`${courseId}/two-level/pde-index`, "pde-index", "numeric", 1, null],
      [`${courseId}/two-level/rights-combine`, "rights-combine", "multiple-choice", 2, null],
    ]);
    expect(rows[0]?.contentHash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(rows)).not.toContain('0x300"'); // the answer key stays in content/

    await syncContent(db, await courseWith([rights], courseId));
    const retired = await db.knowledgeCheck.findUniqueOrThrow({ where: { id: `${courseId}/two-level/pde-index` } });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    await syncContent(db, await courseWith([{ ...pdeIndex, answer: "768" }, rights], courseId));
    const back = await db.knowledgeCheck.findUniqueOrThrow({ where: { id: `${courseId}/two-level/pde-index` } });
    expect(back.retiredAt).toBeNull();
    expect(back.contentHash).not.toBe(rows[0]?.contentHash);
  });
});

describe("answering knowledge checks", () => {
  it("refuses the unenrolled, unknown lessons and checks, and unreadable answers, storing nothing", async () => {
    const { courses, lesson, learner } = await enrolledCourse();
    const outsider = await createUser(db);
    const ask = (user: { id: string; role: string }, lessonId: string, checkId: string, answer: string) =>
      refusal(answerKnowledgeCheck(db, courses, user, { lessonId, checkId, answer }));
    expect(await ask(outsider, lesson.id, "pde-index", "0x300")).toMatchObject({ status: 403, code: "not_enrolled" });
    expect(await ask(learner, "nope/lesson", "pde-index", "0x300")).toMatchObject({
      status: 404,
      code: "lesson_not_found",
    });
    expect(await ask(learner, lesson.id, "no-such-check", "1")).toMatchObject({
      status: 404,
      code: "knowledge_check_not_found",
    });
    expect(await ask(learner, lesson.id, "pde-index", "c0101234")).toEqual({
      status: 400,
      code: "invalid_answer",
      message: "Write hex numbers with 0x: 0xc0101234.",
    });
    expect(await ask(learner, lesson.id, "rights-combine", "fault-6")).toMatchObject({
      status: 400,
      code: "invalid_answer",
    });
    expect(await db.knowledgeCheckAnswer.count({ where: { lessonId: lesson.id } })).toBe(0);
  });

  it("counts a wrong then a right answer, keeps 'answered correctly' through a later wrong one, and restores it", async () => {
    const { courses, lesson, learner } = await enrolledCourse();
    const answer = (checkId: string, value: string) =>
      answerKnowledgeCheck(db, courses, learner, { lessonId: lesson.id, checkId, answer: value });

    expect(await answer("pde-index", "0x301")).toEqual({
      answer: "0x301",
      attempts: 1,
      everCorrect: false,
      feedback: { correct: false, explanation: pdeIndex.explanation, correctAnswer: "0x300 (768)" },
    });
    expect(await answer("pde-index", " 768 ")).toEqual({
      answer: "768",
      attempts: 2,
      everCorrect: true,
      feedback: { correct: true, explanation: pdeIndex.explanation, correctAnswer: null },
    });
    expect(await answer("pde-index", "0")).toMatchObject({
      attempts: 3,
      everCorrect: true,
      feedback: { correct: false },
    });
    const row = await db.knowledgeCheckAnswer.findFirstOrThrow({ where: { userId: learner.id, lessonId: lesson.id } });
    expect(row).toMatchObject({
      correct: true,
      attempts: 3,
      firstCorrectAttempt: 2,
      lastAnswer: "0",
      lastCorrect: false,
    });
    expect(row.correctAt).toBeInstanceOf(Date);
    await answer("rights-combine", "fault-7");

    const states = await listKnowledgeCheckStates(db, learner.id, lesson);
    expect(states.map((state) => [state.check.id, state.progress?.answer, state.progress?.feedback.correct])).toEqual([
      ["pde-index", "0", false],
      ["rights-combine", "fault-7", true],
    ]);
    expect(states[0]?.progress).toMatchObject({ attempts: 3, everCorrect: true });
  });

  it("shows visitors and new learners the questions only, never an answer or an explanation", async () => {
    const { lesson, learner } = await enrolledCourse();
    for (const userId of [null, learner.id]) {
      const states = await listKnowledgeCheckStates(db, userId, lesson);
      expect(states.map((state) => state.progress)).toEqual([null, null]);
      const shown = JSON.stringify(states);
      expect(shown).not.toContain(pdeIndex.explanation);
      expect(shown).not.toContain(rights.explanation);
      expect(shown).not.toContain('"answer"');
    }
  });

  it("grades a stored answer again when the check's key changed since", async () => {
    const { courses, course, lesson, learner } = await enrolledCourse();
    await answerKnowledgeCheck(db, courses, learner, { lessonId: lesson.id, checkId: "pde-index", answer: "0x301" });
    const fixed = await courseWith([{ ...pdeIndex, answer: "0x301" }, rights], course.id);
    const fixedLesson = fixed[0]?.modules[0]?.lessons[0];
    if (!fixedLesson) throw new Error("no lesson");
    const [state] = await listKnowledgeCheckStates(db, learner.id, fixedLesson);
    expect(state?.progress?.feedback.correct).toBe(true);
  });
});

describe("progress and the gradebook", () => {
  it("count checks answered correctly in the catalog's progress, and not retired ones", async () => {
    const { courses, course, lesson, learner } = await enrolledCourse();
    const summary = async () => (await listCatalog(db, learner.id)).find((c) => c.id === course.id);
    expect(await summary()).toMatchObject({ knowledgeCheckCount: 2, earned: 0, possible: 2 });
    await answerKnowledgeCheck(db, courses, learner, {
      lessonId: lesson.id,
      checkId: "rights-combine",
      answer: "allowed",
    });
    expect(await summary()).toMatchObject({ earned: 0, possible: 2 });
    await answerKnowledgeCheck(db, courses, learner, {
      lessonId: lesson.id,
      checkId: "rights-combine",
      answer: "fault-7",
    });
    expect(await summary()).toMatchObject({ earned: 1, possible: 2 });
    await syncContent(db, await courseWith([pdeIndex], course.id));
    expect(await summary()).toMatchObject({ knowledgeCheckCount: 1, earned: 0, possible: 1 });
  });

  it("show per check how many learners answered, answered correctly and on the first try (learners only)", async () => {
    const { courses, course, lesson, learner: ada } = await enrolledCourse();
    const bob = await createUser(db);
    const idle = await createUser(db);
    const instructor = await createUser(db, "instructor");
    for (const user of [bob, idle]) await enroll(db, user.id, course.id);
    await db.enrollment.create({ data: { userId: instructor.id, courseId: course.id, role: "instructor" } });
    const answer = (user: { id: string; role: string }, checkId: string, value: string) =>
      answerKnowledgeCheck(db, courses, user, { lessonId: lesson.id, checkId, answer: value });
    await answer(ada, "pde-index", "0x300");
    await answer(bob, "pde-index", "1");
    await answer(bob, "pde-index", "768");
    await answer(bob, "rights-combine", "allowed");
    await answer(instructor, "rights-combine", "fault-7");

    const { knowledgeChecks } = await buildGradebook(db, course.id);
    expect(knowledgeChecks.map((c) => [c.checkId, c.lessonTitle, c.answered, c.correct, c.firstTry])).toEqual([
      ["pde-index", "Two levels", 2, 2, 1],
      ["rights-combine", "Two levels", 1, 0, 0],
    ]);
  });
});
