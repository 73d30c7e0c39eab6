import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import type { LoadedCourse } from "../../content/kit/course-schema";
import type { CoursePath } from "../../contract/course-path";
import type { PrismaClient } from "../../generated/prisma/client";
import { syncContent } from "../../server/content/sync";
import { enroll } from "../../server/courses";
import { setOverride } from "../../server/grades";
import { answerKnowledgeCheck } from "../../server/knowledge-checks";
import { coursePath, recordLessonVisit } from "../../server/progress/course-path";
import { listEnrolledCourses } from "../../server/progress/enrolled-courses";
import { pdeIndexCheck } from "../fixtures/knowledge-checks";
import { actorOf, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";

/**
 * A learner's path through a small course, on both databases: lessons from a real content tree on disk (loaded and
 * synced as the server does), exercises added as rows (an exercise folder is a program of its own; the grades are
 * what counts here), visits, grades, overrides and knowledge-check answers written by the real server functions.
 *
 *   Basics: intro (nothing but text) · walk (exercise `walk`, 20 points; knowledge check pde-index)
 *   More:   kmap (exercise `kmap`, 10 points)
 */
let contentDir: string;
let courses: LoadedCourse[];
const courseId = `path-${randomUUID().slice(0, 8)}`;
const lessonId = (slug: string) => `${courseId}/${slug}`;

beforeAll(async () => {
  contentDir = await mkdtemp(path.join(tmpdir(), "pagewise-path-"));
  const lesson = async (folder: string, title: string, checks: object[] = []) => {
    const dir = path.join(contentDir, courseId, folder);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "lesson.mdx"), `---\ntitle: ${title}\nsummary: s\n---\n# ${title}\n`);
    if (checks.length > 0) await writeFile(path.join(dir, "knowledge-checks.json"), JSON.stringify({ checks }));
  };
  await lesson("01.basics/01.intro", "Introduction");
  await lesson("01.basics/02.walk", "Walking", [pdeIndexCheck]);
  await lesson("02.more/01.kmap", "Temporary mappings");
  await writeFile(
    path.join(contentDir, courseId, "course.json"),
    JSON.stringify({ id: courseId, title: "Path", summary: "s" }),
  );
  for (const [folder, title] of [
    ["01.basics", "Basics"],
    ["02.more", "More"],
  ] as const) {
    await writeFile(path.join(contentDir, courseId, folder, "module.json"), JSON.stringify({ title, summary: "s" }));
  }
  courses = await loadCourses(contentDir);
});
afterAll(() => rm(contentDir, { recursive: true, force: true }));

describe.each(ENGINES)("a course path on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("visits, grades and answers", () => {
    let database: EngineDatabase;
    let db: PrismaClient;
    // Exercise ids are global: unique per engine database, as the SQLite file is shared with other suites of this file.
    const walk = `walk-${randomUUID().slice(0, 8)}`;
    const kmap = `kmap-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      database = openEngineDatabase(engine);
      db = database.db;
      await syncContent(db, courses);
      await db.exercise.createMany({
        data: [
          {
            id: walk,
            courseId,
            lessonId: lessonId("walk"),
            title: "Walk it",
            position: 1,
            maxScore: 20,
            contentHash: "e",
          },
          {
            id: kmap,
            courseId,
            lessonId: lessonId("kmap"),
            title: "Map it",
            position: 1,
            maxScore: 10,
            contentHash: "e",
          },
        ],
      });
    });
    afterAll(() => database.close());

    async function learner() {
      const user = await createUser(db);
      await enroll(db, user.id, courseId);
      return user;
    }

    async function pathOf(userId: string): Promise<CoursePath> {
      const found = await coursePath(db, userId, courseId);
      if (!found) throw new Error(`no course ${courseId}`);
      return found;
    }

    const lesson = (found: CoursePath, slug: string) =>
      found.modules.flatMap((m) => m.lessons).find((l) => l.slug === slug);

    /** A graded submission with this credited score (what the queue stores when it grades one). */
    const graded = (userId: string, exerciseId: string, rawScore: number, credit = 100) =>
      db.submission.create({
        data: {
          userId,
          exerciseId,
          exerciseVersion: "e",
          code: "c",
          maxScore: 20,
          seed: "s",
          status: "graded",
          rawScore,
          credit,
          score: (rawScore * credit) / 100,
        },
      });

    const answer = (user: { id: string; role: string }, text: string) =>
      answerKnowledgeCheck(db, courses, user, { lessonId: lessonId("walk"), checkId: pdeIndexCheck.id, answer: text });

    it("starts, continues at the first unfinished lesson, and is finished when every lesson is done", async () => {
      const ada = await learner();
      const fresh = await pathOf(ada.id);
      expect(fresh.next).toEqual({
        kind: "start",
        lesson: { slug: "intro", title: "Introduction", moduleTitle: "Basics" },
      });
      expect(fresh.modules.map((m) => [m.title, m.lessons.map((l) => l.slug)])).toEqual([
        ["Basics", ["intro", "walk"]],
        ["More", ["kmap"]],
      ]);

      await recordLessonVisit(db, ada.id, lessonId("intro"));
      const afterIntro = await pathOf(ada.id);
      expect(lesson(afterIntro, "intro")).toMatchObject({ visited: true, done: true });
      expect(afterIntro.next).toEqual({
        kind: "continue",
        lesson: { slug: "walk", title: "Walking", moduleTitle: "Basics" },
      });

      // Full marks on the last lesson first: "Continue" still leads to the first lesson not done.
      await recordLessonVisit(db, ada.id, lessonId("kmap"));
      await graded(ada.id, kmap, 10);
      await recordLessonVisit(db, ada.id, lessonId("walk"));
      await graded(ada.id, walk, 20);
      const walkNotChecked = await pathOf(ada.id);
      expect(lesson(walkNotChecked, "walk")).toMatchObject({
        visited: true,
        done: false,
        exercises: [{ id: walk, score: 20, done: true }],
      });
      expect(walkNotChecked.next).toMatchObject({ kind: "continue", lesson: { slug: "walk" } });
      expect(walkNotChecked.modules.map((m) => m.progress)).toMatchObject([
        { lessonsDone: 1, lessons: 2, exercisesDone: 1, exercises: 1 },
        { lessonsDone: 1, lessons: 1, exercisesDone: 1, exercises: 1 },
      ]);

      await answer(ada, "768");
      const finished = await pathOf(ada.id);
      expect(finished.next).toEqual({ kind: "finished" });
      expect(finished.progress).toMatchObject({ lessonsDone: 3, lessons: 3, exercisesDone: 2, exercises: 2 });
      expect(finished.progress.earned).toBe(finished.progress.possible);
    });

    it("counts an instructor's override to full marks as done, and a partial or late-credited score as not", async () => {
      const bob = await learner();
      const instructor = await createUser(db, "instructor");
      await recordLessonVisit(db, bob.id, lessonId("kmap"));
      await graded(bob.id, kmap, 7);
      await graded(bob.id, kmap, 10, 50); // every check passed, but late: 5 points
      expect(lesson(await pathOf(bob.id), "kmap")).toMatchObject({
        done: false,
        exercises: [{ score: 7, done: false }],
      });

      await setOverride(db, courseId, actorOf(instructor), {
        userId: bob.id,
        exerciseId: kmap,
        score: 10,
        reason: "Late for a good reason",
      });
      expect(lesson(await pathOf(bob.id), "kmap")).toMatchObject({
        done: true,
        exercises: [{ score: 10, done: true }],
      });

      // An override below full marks takes it back, whatever the submissions say.
      await graded(bob.id, kmap, 10);
      await setOverride(db, courseId, actorOf(instructor), {
        userId: bob.id,
        exerciseId: kmap,
        score: 9,
        reason: "Copied a line",
      });
      expect(lesson(await pathOf(bob.id), "kmap")).toMatchObject({
        done: false,
        exercises: [{ score: 9, done: false }],
      });
    });

    it("counts a knowledge check once it is answered correctly, and keeps it through a later wrong answer", async () => {
      const cy = await learner();
      await recordLessonVisit(db, cy.id, lessonId("walk"));
      await setOverride(db, courseId, actorOf(await createUser(db, "instructor")), {
        userId: cy.id,
        exerciseId: walk,
        score: 20,
        reason: "Oral exam",
      });
      await answer(cy, "0x301");
      expect(lesson(await pathOf(cy.id), "walk")).toMatchObject({
        done: false,
        knowledgeChecks: { answeredCorrectly: 0, total: 1 },
      });
      await answer(cy, "0x300");
      expect(lesson(await pathOf(cy.id), "walk")).toMatchObject({
        done: true,
        knowledgeChecks: { answeredCorrectly: 1, total: 1 },
      });
      await answer(cy, "1");
      expect(lesson(await pathOf(cy.id), "walk")).toMatchObject({ done: true });
    });

    it("records two tabs opening a lesson at once as one visit, without an error", async () => {
      const dee = await learner();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => recordLessonVisit(db, dee.id, lessonId("walk"))),
      );
      expect(results.filter((result) => result.status === "rejected")).toEqual([]);
      expect(await db.lessonVisit.count({ where: { userId: dee.id } })).toBe(1);
    });

    it("keeps the first visit's time on later visits and moves the last one", async () => {
      const eve = await learner();
      await recordLessonVisit(db, eve.id, lessonId("intro"));
      const first = await db.lessonVisit.findUniqueOrThrow({
        where: { userId_lessonId: { userId: eve.id, lessonId: lessonId("intro") } },
      });
      expect(first.lastVisitedAt).toEqual(first.firstVisitedAt);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await recordLessonVisit(db, eve.id, lessonId("intro"));
      const again = await db.lessonVisit.findUniqueOrThrow({ where: { id: first.id } });
      expect(again.firstVisitedAt).toEqual(first.firstVisitedAt);
      expect(again.lastVisitedAt.getTime()).toBeGreaterThan(first.lastVisitedAt.getTime());
    });

    it("starts a course whose lessons are unopened even when another course's are, and ignores lessons not synced", async () => {
      const fay = await learner();
      const other = `other-${randomUUID().slice(0, 8)}`;
      await db.course.create({ data: { id: other, title: "Other", summary: "s", contentHash: "h", position: 9 } });
      await db.module.create({ data: { id: `${other}/m`, courseId: other, slug: "m", title: "M", position: 1 } });
      await db.lesson.create({
        data: {
          id: `${other}/l`,
          courseId: other,
          moduleId: `${other}/m`,
          slug: "l",
          title: "L",
          summary: "s",
          position: 1,
          contentHash: "h",
        },
      });
      await recordLessonVisit(db, fay.id, `${other}/l`);
      expect((await pathOf(fay.id)).next).toMatchObject({ kind: "start" });

      // A lesson on disk that content sync has not written yet: nothing to record against, and no error for the page.
      await expect(recordLessonVisit(db, fay.id, `${courseId}/not-synced-yet`)).resolves.toBeUndefined();
      expect(await db.lessonVisit.count({ where: { userId: fay.id } })).toBe(1);
      expect(await coursePath(db, fay.id, "no-such-course")).toBeNull();
    });

    it("lists a learner's courses with their paths and an instructor's without, in catalog order", async () => {
      const gus = await learner();
      await recordLessonVisit(db, gus.id, lessonId("intro"));
      const taught = `taught-${randomUUID().slice(0, 8)}`;
      await db.course.create({
        data: { id: taught, title: "Taught", summary: "s", contentHash: "h", position: 10_000 },
      });
      await db.enrollment.create({ data: { userId: gus.id, courseId: taught, role: "instructor" } });
      const listed = await listEnrolledCourses(db, gus.id);
      expect(listed.map((course) => [course.courseId, course.role])).toEqual([
        [courseId, "learner"],
        [taught, "instructor"],
      ]);
      expect(listed[0]).toMatchObject({
        title: "Path",
        path: { next: { kind: "continue", lesson: { slug: "walk" } } },
      });
      expect(await listEnrolledCourses(db, (await createUser(db)).id)).toEqual([]);
    });
  });
});
