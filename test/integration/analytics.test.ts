import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessWindows } from "../../contract/access";
import type { CheckResult, GradeResult } from "../../contract/grade-result";
import type { PrismaClient } from "../../generated/prisma/client";
import { buildCourseAnalytics } from "../../server/analytics/course-analytics";
import { buildExerciseAnalytics } from "../../server/analytics/exercise-analytics";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";

// Every figure of the analytics against a small course whose numbers are worked out by hand in the comments below,
// not by the code under test; on both databases, since learners active per day are counted in SQL.

// Exercise A is due 10 March 12:00 UTC (then 50% for a week).
const WINDOWS: AccessWindows = [
  { until: "2027-03-10T12:00:00Z", credit: 100 },
  { until: "2027-03-17T12:00:00Z", credit: 50 },
];
const NOW = new Date("2027-03-12T18:00:00Z");

// Exercise A's checks: two public (4 + 3 points) and one hidden (3 points), 10 in all.
const P1 = "4 KB pages";
const P2 = "Not-present entries";
const H1 = "Differential: 200 random walks";
const SECRET = "0x00222234"; // in a hidden check's stored message: must never come out
const NOT_RUN = "Not run: the code does not compile.";
const BOB_P2 =
  "Case 1 of 6 (1 passed): Walking 0x00000000 for a user read: you returned a page fault with error code 0x0 (no bits), expected error code 0x4 (U).";
const FAY_P2 =
  "Case 2 of 6 (1 passed): Walking 0x00400000 for a user read: you returned a page fault with error code 0x0 (no bits), expected error code 0x4 (U).";
const P2_PATTERN =
  "Case # of # (# passed): Walking 0x… for a user read: you returned a page fault with error code 0x… (no bits), expected error code 0x… (U).";

type Verdict = "pass" | { message: string; casesPassed?: number; notRun?: boolean };
const POINTS: Record<string, number> = { [P1]: 4, [P2]: 3, [H1]: 3 };

function check(name: string, visibility: "public" | "hidden", verdict: Verdict): CheckResult {
  const points = POINTS[name] ?? 1;
  if (verdict === "pass")
    return {
      name,
      visibility,
      points,
      earned: points,
      verdict: "pass",
      message: "All 5 cases passed.",
      casesRun: 5,
      casesPassed: 5,
    };
  const notRun = verdict.notRun === true;
  return {
    name,
    visibility,
    points,
    earned: 0,
    verdict: notRun ? "not_run" : "fail",
    failure: notRun ? "not_run" : "wrong_answer",
    message: verdict.message,
    casesRun: notRun ? 0 : 5,
    casesPassed: verdict.casesPassed ?? 0,
  };
}

function result(p1: Verdict, p2: Verdict, h1: Verdict, status: GradeResult["status"] = "graded"): string {
  const checks = [check(P1, "public", p1), check(P2, "public", p2), check(H1, "hidden", h1)];
  const score = checks.reduce((sum, c) => sum + c.earned, 0);
  const full: GradeResult = {
    schemaVersion: 1,
    status,
    score,
    maxScore: 10,
    message: `${score}/10`,
    checks,
    compileErrors: [],
    console: "",
    exerciseId: "a",
    exerciseVersion: "e1",
    graderVersion: "g1",
    seed: "s",
    hiddenSeed: "h",
    timings: { compileMs: 1, runMs: 1, totalMs: 2 },
  };
  return JSON.stringify(full);
}

const ALL_PASS = result("pass", "pass", "pass");
const COMPILE_ERROR = result(
  { message: NOT_RUN, notRun: true },
  { message: NOT_RUN, notRun: true },
  { message: NOT_RUN, notRun: true },
  "compile_error",
);

async function fixture(db: PrismaClient) {
  const tag = randomUUID().slice(0, 8);
  const courseId = `an-${tag}`;
  await db.course.create({ data: { id: courseId, title: "Analytics", summary: "s", contentHash: "c", position: 1 } });
  for (const [slug, position] of [
    ["m1", 1],
    ["m2", 2],
    ["m3", 3],
  ] as const) {
    await db.module.create({
      data: { id: `${courseId}/${slug}`, courseId, slug, title: slug.toUpperCase(), position },
    });
  }
  const lesson = (slug: string, moduleSlug: string, position: number) =>
    db.lesson.create({
      data: {
        id: `${courseId}/${slug}`,
        courseId,
        moduleId: `${courseId}/${moduleSlug}`,
        slug,
        title: slug,
        summary: "s",
        position,
        contentHash: "l",
      },
    });
  await lesson("l1", "m1", 1);
  await lesson("l2", "m2", 1);
  await lesson("l3", "m3", 1); // a module with no exercise
  const A = `a-${tag}`;
  const B = `b-${tag}`;
  const C = `c-${tag}`;
  const exercise = (id: string, lessonSlug: string, position: number, maxScore: number) =>
    db.exercise.create({
      data: { id, courseId, lessonId: `${courseId}/${lessonSlug}`, title: id, position, maxScore, contentHash: "e1" },
    });
  await exercise(B, "l2", 1, 5);
  await exercise(C, "l1", 2, 5);
  await exercise(A, "l1", 1, 10);

  const person = async (name: string, role: "learner" | "instructor" | null) => {
    const id = randomUUID();
    await db.user.create({ data: { id, name, email: `${id}@test.local` } });
    if (role) await db.enrollment.create({ data: { userId: id, courseId, role } });
    return id;
  };
  const ada = await person("Ada Lovelace", "learner");
  const bob = await person("Bob Baker", "learner");
  const cy = await person("Cy Young", "learner");
  const dee = await person("Dee Dee", "learner");
  const eve = await person("Eve Idle", "learner");
  const fay = await person("Ann Fay", "learner"); // sorts before Bob by name
  const gus = await person("Gus Grey", "learner");
  const ivy = await person("Ivy Instructor", "instructor");
  const outsider = await person("Out Sider", null);

  const submit = (
    userId: string,
    exerciseId: string,
    iso: string,
    raw: number | null,
    options: { status?: string; credit?: number; json?: string | null; maxScore?: number } = {},
  ) => {
    const credit = options.credit ?? 100;
    const status = options.status ?? "graded";
    return db.submission.create({
      data: {
        userId,
        exerciseId,
        exerciseVersion: "e1",
        code: "c",
        seed: "s",
        status,
        rawScore: raw,
        score: raw === null ? null : (raw * credit) / 100,
        credit,
        creditReason: credit === 100 ? "on_time" : "late",
        maxScore: options.maxScore ?? 10,
        resultJson: options.json ?? null,
        createdAt: new Date(iso),
      },
    });
  };
  // Exercise A (deadline 2027-03-10T12:00Z; the hour bins run from 03-08T12:00Z to 03-12T12:00Z).
  await submit(ada, A, "2027-03-08T09:00:00Z", 4, {
    json: result("pass", { message: "got 0x10, expected 0x20" }, { message: `expected ${SECRET}` }),
  }); // before the bins
  await submit(ada, A, "2027-03-09T10:00:00Z", null, { status: "failed" }); // the platform failed it: not counted
  await submit(ada, A, "2027-03-09T11:00:00Z", 10, { json: ALL_PASS }); // bin 23; full marks at her 2nd counted submission
  await submit(gus, A, "2027-03-09T09:00:00Z", 10, { json: ALL_PASS }); // bin 21; full marks at the 1st
  await submit(dee, A, "2027-03-09T12:00:00Z", 0, { json: "{oops" }); // bin 24; unreadable
  await submit(fay, A, "2027-03-10T11:10:00Z", 4, {
    json: result(
      "pass",
      { message: FAY_P2, casesPassed: 1 },
      { message: `Walking 0xc0001234: expected pa ${SECRET}`, casesPassed: 4 },
    ),
  }); // last hour
  await submit(bob, A, "2027-03-10T11:30:00Z", 7, {
    json: result("pass", { message: "got 0x11, expected 0x21" }, "pass"),
  }); // last hour
  await submit(bob, A, "2027-03-10T11:59:00Z", 4, {
    json: result(
      "pass",
      { message: BOB_P2, casesPassed: 1 },
      { message: `Walking 0xc0001234: expected pa ${SECRET}`, casesPassed: 2 },
    ),
  }); // last hour
  await submit(cy, A, "2027-03-10T12:30:00Z", 10, { credit: 50, json: ALL_PASS }); // bin 48; full marks (raw), late: score 5
  await submit(cy, A, "2027-03-11T09:00:00Z", 0, { json: COMPILE_ERROR }); // bin 69; his latest graded fails every check
  await submit(bob, A, "2027-03-12T12:00:00Z", null, { status: "queued" }); // 48 h after the deadline: after the bins
  await submit(ivy, A, "2027-03-10T11:45:00Z", 10, { json: ALL_PASS }); // staff: not counted anywhere
  await submit(outsider, A, "2027-03-03T10:00:00Z", 10, { json: ALL_PASS }); // not enrolled: not counted
  await db.gradeOverride.create({
    data: { courseId, userId: dee, exerciseId: A, score: 10, reason: "Oral exam", setById: ivy },
  });
  // Exercises B (module 2) and C (module 1), max 5 each.
  await submit(ada, B, "2027-03-05T10:00:00Z", 5, { maxScore: 5 });
  await submit(gus, B, "2027-03-05T11:00:00Z", 5, { maxScore: 5 });
  await submit(bob, B, "2027-03-06T10:00:00Z", 3, { maxScore: 5 });
  await submit(ada, C, "2027-03-05T12:00:00Z", 5, { maxScore: 5 });
  await submit(dee, C, "2027-03-06T09:00:00Z", 5, { maxScore: 5 });
  await submit(gus, C, "2027-03-06T09:30:00Z", 4, { maxScore: 5 });

  const visit = (userId: string, lessonSlug: string, first: string, last = first) =>
    db.lessonVisit.create({
      data: {
        userId,
        lessonId: `${courseId}/${lessonSlug}`,
        firstVisitedAt: new Date(first),
        lastVisitedAt: new Date(last),
      },
    });
  await visit(ada, "l1", "2027-03-08T08:00:00Z", "2027-03-09T10:00:00Z"); // 27 h before her full marks
  await visit(cy, "l1", "2027-03-10T11:00:00Z"); // 1.5 h before his
  await visit(gus, "l1", "2027-03-09T10:00:00Z", "2027-03-11T10:00:00Z"); // after his full marks
  await visit(bob, "l1", "2027-03-10T11:00:00Z");
  await visit(dee, "l1", "2027-03-09T11:00:00Z");
  await visit(eve, "l2", "2027-02-01T10:00:00Z", "2027-02-20T10:00:00Z"); // first open before the 30 days

  const kc = async (checkId: string, retired = false) => {
    const id = `${courseId}/l1/${checkId}`;
    await db.knowledgeCheck.create({
      data: {
        id,
        courseId,
        lessonId: `${courseId}/l1`,
        checkId,
        kind: "numeric",
        question: `${checkId}?`,
        position: checkId === "k1" ? 1 : 2,
        contentHash: "k",
        retiredAt: retired ? new Date() : null,
      },
    });
    return id;
  };
  const k1 = await kc("k1");
  const k2 = await kc("k2");
  const k3 = await kc("k3", true);
  const answer = (
    userId: string,
    knowledgeCheckId: string,
    attempts: number,
    firstCorrectAttempt: number | null,
    created: string,
    updated = created,
  ) =>
    db.knowledgeCheckAnswer.create({
      data: {
        userId,
        knowledgeCheckId,
        courseId,
        lessonId: `${courseId}/l1`,
        attempts,
        firstCorrectAttempt,
        correct: firstCorrectAttempt !== null,
        lastAnswer: "1",
        lastCorrect: firstCorrectAttempt !== null,
        checkVersion: "k",
        createdAt: new Date(created),
        updatedAt: new Date(updated),
      },
    });
  await answer(ada, k1, 1, 1, "2027-03-08T08:30:00Z");
  await answer(bob, k1, 2, 2, "2027-03-10T11:05:00Z", "2027-03-10T11:06:00Z");
  await answer(cy, k1, 1, null, "2027-02-10T23:59:59Z", "2027-03-01T10:00:00Z"); // first answer the day before the 30 days
  await answer(ivy, k1, 1, 1, "2027-03-02T10:00:00Z"); // staff
  await answer(ada, k2, 1, 1, "2027-03-08T08:40:00Z");
  await answer(dee, k2, 1, 1, "2027-03-09T10:00:00Z");
  await answer(bob, k3, 1, 1, "2027-03-10T11:07:00Z"); // a retired check: activity, but not in the statistics
  return { courseId, A, B, C, ada, bob, cy, dee, eve, fay, gus };
}

describe.each(ENGINES)("analytics on $name", (engine) => {
  let database: EngineDatabase;
  let db: PrismaClient;
  beforeAll(() => {
    if (engineUnavailable(engine)) return;
    database = openEngineDatabase(engine);
    db = database.db;
  });
  afterAll(() => database?.close());

  describe.skipIf(engineUnavailable(engine))("exercise analytics", () => {
    let f: Awaited<ReturnType<typeof fixture>>;
    beforeAll(async () => {
      f = await fixture(db);
    });

    it("is null for an exercise that is not in the course", async () => {
      const other = await fixture(db);
      expect(await buildExerciseAnalytics(db, f.courseId, other.A, NOW, WINDOWS)).toBeNull();
      expect(await buildExerciseAnalytics(db, f.courseId, "no-such-exercise", NOW, WINDOWS)).toBeNull();
    });

    it("counts enrolled learners only, and those who submitted", async () => {
      const analytics = await buildExerciseAnalytics(db, f.courseId, f.A, NOW, WINDOWS);
      expect(analytics).toMatchObject({
        courseId: f.courseId,
        exercise: { id: f.A, maxScore: 10, lessonId: `${f.courseId}/l1`, moduleId: `${f.courseId}/m1` },
        generatedAt: "2027-03-12T18:00:00.000Z",
        learners: 7,
        submitted: 6, // all but Eve
        unreadableResults: 1, // Dee's
      });
    });

    it("gives each check's fail share over learners' latest graded results, its most common failure, and the hardest check", async () => {
      const analytics = await buildExerciseAnalytics(db, f.courseId, f.A, NOW, WINDOWS);
      // Latest graded, newest first: Cy (compile error), Bob, Fay, Dee (unreadable), Ada, Gus: five readable results.
      expect(analytics?.checks).toEqual([
        {
          name: P1,
          visibility: "public",
          graded: 5,
          failing: 1,
          failShare: 0.2,
          commonFailure: { pattern: NOT_RUN, count: 1, example: NOT_RUN },
        },
        {
          name: P2,
          visibility: "public",
          graded: 5,
          failing: 3,
          failShare: 0.6,
          commonFailure: { pattern: P2_PATTERN, count: 2, example: BOB_P2 },
        },
        {
          name: H1,
          visibility: "hidden",
          graded: 5,
          failing: 3,
          failShare: 0.6,
          commonFailure: {
            pattern: `Your code returned a wrong answer on a hidden case of "${H1}" (# of its # cases passed). Hidden cases are not shown: the check's name says which kind of case it is, so reread that part of the lesson and try such a case yourself with Run.`,
            count: 2, // Bob and Fay; Cy's did not run
            example: null,
          },
        },
      ]);
      expect(analytics?.hardestCheck).toBe(1); // P2 and H1 both fail 60%: the earlier one
      expect(JSON.stringify(analytics)).not.toContain(SECRET);
    });

    it("gives the final grades in tenths (override applied, late credit counted), and who has none", async () => {
      const analytics = await buildExerciseAnalytics(db, f.courseId, f.A, NOW, WINDOWS);
      // Ada 10, Bob 7 (his best), Cy 5 (10 at 50%), Dee 10 (override), Eve none, Fay 4, Gus 10.
      expect(analytics?.scores).toEqual({
        maxScore: 10,
        histogram: [0, 0, 0, 0, 1, 1, 0, 1, 0, 3],
        ungraded: 1,
        fullMarks: 3,
      });
    });

    it("counts submissions to the first full marks (late ones too, overrides not), and the time from the first open", async () => {
      const analytics = await buildExerciseAnalytics(db, f.courseId, f.A, NOW, WINDOWS);
      // Ada 2 (her failed one does not count), Gus 1, Cy 1 (late: full marks all the same).
      expect(analytics?.attemptsToFullMarks).toEqual({
        learners: 3,
        distribution: [2, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        median: 1,
      });
      // Ada 27 h, Cy 1.5 h: median 14.25 h. Gus had full marks before his first open.
      expect(analytics?.timeToFullMarks).toEqual({ learners: 2, medianMs: 14.25 * 3_600_000, fullMarksBeforeOpen: 1 });
    });

    it("bins submissions by the hour around the deadline, and names who submitted in the last hour", async () => {
      const timeline = (await buildExerciseAnalytics(db, f.courseId, f.A, NOW, WINDOWS))?.timeline;
      expect(timeline).toMatchObject({
        deadline: "2027-03-10T12:00:00.000Z",
        finalClose: "2027-03-17T12:00:00.000Z",
        binning: "hour",
        before: 1,
        after: 1,
      });
      expect(timeline?.bins).toHaveLength(96);
      const busy = timeline?.bins.flatMap((bin, index) => (bin.count > 0 ? [[index, bin.count]] : []));
      expect(busy).toEqual([
        [21, 1], // Gus
        [23, 1], // Ada
        [24, 1], // Dee
        [47, 3], // Fay, Bob, Bob
        [48, 1], // Cy, late
        [69, 1], // Cy again
      ]);
      expect(timeline?.bins[47]).toEqual({
        start: "2027-03-10T11:00:00.000Z",
        end: "2027-03-10T12:00:00.000Z",
        count: 3,
      });
      expect(timeline?.lastHour).toEqual({
        submissions: 3,
        learners: [
          { userId: f.fay, name: "Ann Fay" },
          { userId: f.bob, name: "Bob Baker" },
        ],
      });
    });

    it("reads the deadline from content/ by default: this course is not there, so it is always open and binned by day", async () => {
      const timeline = (await buildExerciseAnalytics(db, f.courseId, f.A, NOW))?.timeline;
      expect(timeline).toMatchObject({
        deadline: null,
        finalClose: null,
        binning: "day",
        before: 0,
        after: 0,
        lastHour: null,
      });
      expect(timeline?.bins.map((bin) => [bin.start.slice(0, 10), bin.count])).toEqual([
        ["2027-03-08", 1],
        ["2027-03-09", 3],
        ["2027-03-10", 4],
        ["2027-03-11", 1],
        ["2027-03-12", 1],
      ]);
    });
  });

  describe.skipIf(engineUnavailable(engine))("course analytics", () => {
    it("gives completion per exercise and module, knowledge checks at the first try, and learners active per day", async () => {
      const f = await fixture(db);
      const analytics = await buildCourseAnalytics(db, f.courseId, NOW);
      expect(analytics).toMatchObject({ courseId: f.courseId, generatedAt: "2027-03-12T18:00:00.000Z", learners: 7 });
      // A: Ada, Dee (override), Gus complete it; Cy's 50% does not. C: Ada, Dee. B: Ada, Gus.
      expect(analytics.exercises).toEqual([
        {
          id: f.A,
          title: f.A,
          moduleId: `${f.courseId}/m1`,
          maxScore: 10,
          started: 6,
          completed: 3,
          completedShare: 3 / 7,
        },
        {
          id: f.C,
          title: f.C,
          moduleId: `${f.courseId}/m1`,
          maxScore: 5,
          started: 3,
          completed: 2,
          completedShare: 2 / 7,
        },
        {
          id: f.B,
          title: f.B,
          moduleId: `${f.courseId}/m2`,
          maxScore: 5,
          started: 3,
          completed: 2,
          completedShare: 2 / 7,
        },
      ]);
      expect(analytics.modules).toEqual([
        { id: `${f.courseId}/m1`, title: "M1", exercises: 2, completed: 2, completedShare: 2 / 7 }, // A and C: Ada, Dee
        { id: `${f.courseId}/m2`, title: "M2", exercises: 1, completed: 2, completedShare: 2 / 7 },
        { id: `${f.courseId}/m3`, title: "M3", exercises: 0, completed: null, completedShare: null },
      ]);
      // k1: Ada (first try), Bob (second), Cy (wrong); Ivy is staff. k2: Ada, Dee, both first try. k3 is retired.
      expect(
        analytics.knowledgeChecks.map((c) => [c.checkId, c.answered, c.correct, c.firstTry, c.firstTryShare]),
      ).toEqual([
        ["k1", 3, 2, 1, 1 / 3],
        ["k2", 2, 2, 2, 1],
      ]);
      expect(analytics.knowledgeCheckTotals).toEqual({ answered: 5, firstTry: 3, firstTryShare: 0.6 });

      expect(analytics.activity).toHaveLength(30);
      expect(analytics.activity[0]?.day).toBe("2027-02-11");
      expect(analytics.activity[29]?.day).toBe("2027-03-12");
      const active = Object.fromEntries(
        analytics.activity.filter((d) => d.learners > 0).map((d) => [d.day, d.learners]),
      );
      expect(active).toEqual({
        "2027-02-20": 1, // Eve's latest open
        "2027-03-01": 1, // Cy's latest answer
        "2027-03-05": 2, // Ada, Gus (B and C)
        "2027-03-06": 3, // Bob (B), Dee, Gus (C)
        "2027-03-08": 1, // Ada
        "2027-03-09": 3, // Ada, Dee, Gus
        "2027-03-10": 3, // Bob, Fay, Cy
        "2027-03-11": 2, // Cy (submission), Gus (latest open)
        "2027-03-12": 1, // Bob (queued)
      });
    });

    it("is empty for a course with no learners", async () => {
      const analytics = await buildCourseAnalytics(db, `none-${randomUUID()}`, NOW);
      expect(analytics).toMatchObject({
        learners: 0,
        modules: [],
        exercises: [],
        knowledgeChecks: [],
        knowledgeCheckTotals: { answered: 0, firstTry: 0, firstTryShare: 0 },
      });
      expect(analytics.activity.every((d) => d.learners === 0)).toBe(true);
    });
  });
});
