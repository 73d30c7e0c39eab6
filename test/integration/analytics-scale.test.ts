import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLargeCourse, type LargeCourse } from "../../bench/analytics/large-course";
import type { CourseAnalytics, ExerciseAnalytics } from "../../contract/analytics";
import { buildCourseAnalytics } from "../../server/analytics/course-analytics";
import { buildExerciseAnalytics } from "../../server/analytics/exercise-analytics";
import { buildGradebook } from "../../server/gradebook";
import { gradeOf, gradesFor } from "../../server/grades";
import { testDb } from "../helpers/db";

// The analytics of a 1,000-learner course (bench/analytics/large-course.ts, the bench's course): figures that must
// add up, and agree with direct counts and with the gradebook's own grades. Nothing here is timed (the bench is).
const db = testDb();
let course: LargeCourse;
let exercises: ExerciseAnalytics[];
let analytics: CourseAnalytics;

beforeAll(async () => {
  course = await seedLargeCourse(db);
  exercises = [];
  for (const id of course.exerciseIds) {
    const one = await buildExerciseAnalytics(db, course.courseId, id, course.now, course.windows.get(id) ?? null);
    if (!one) throw new Error(`no analytics for ${id}`);
    exercises.push(one);
  }
  analytics = await buildCourseAnalytics(db, course.courseId, course.now);
}, 120_000);
afterAll(() => db.$disconnect());

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
// A relation filter, not `userId in (1,000 ids)`: SQLite takes at most 999 bound values in one statement.
const learners = () => ({ user: { enrollments: { some: { courseId: course.courseId, role: "learner" } } } });

describe("exercise analytics of a 1,000-learner course", () => {
  it("accounts for every learner in the score distribution, and agrees with the course's completion", () => {
    for (const [i, e] of exercises.entries()) {
      expect(e.learners).toBe(1_000);
      expect(e.scores.histogram).toHaveLength(10);
      expect(sum(e.scores.histogram) + e.scores.ungraded).toBe(1_000);
      expect(e.scores.fullMarks).toBeLessThanOrEqual(e.scores.histogram[9] ?? 0);
      expect(e.scores.fullMarks).toBe(analytics.exercises[i]?.completed);
    }
  });

  it("counts each check over the latest readable graded results, and never quotes a hidden check", async () => {
    for (const e of exercises) {
      const withGraded = (
        await db.submission.groupBy({
          by: ["userId"],
          where: { exerciseId: e.exercise.id, status: "graded", ...learners() },
        })
      ).length;
      expect(e.checks).toHaveLength(10);
      for (const check of e.checks) {
        expect(check.graded).toBe(withGraded - e.unreadableResults);
        expect(check.failing).toBeLessThanOrEqual(check.graded);
        expect(check.failShare).toBeCloseTo(check.failing / check.graded, 12);
        if (check.failing > 0) expect(check.commonFailure?.count).toBeLessThanOrEqual(check.failing);
        if (check.visibility === "hidden") {
          expect(check.commonFailure?.example ?? null).toBeNull();
          expect(check.commonFailure?.pattern ?? "").toMatch(/^(Your code|This hidden check)/);
        } else if (check.commonFailure) {
          expect(check.commonFailure.example).not.toBeNull();
          expect(check.commonFailure.pattern).not.toMatch(/0x[0-9a-f]/);
        }
      }
      const hardest = e.checks[e.hardestCheck ?? -1];
      expect(hardest?.failShare).toBe(Math.max(...e.checks.map((c) => c.failShare)));
      expect(e.checks.findIndex((c) => c.failShare === hardest?.failShare)).toBe(e.hardestCheck);
    }
  });

  it("bins every counted submission of a learner, and counts the last hour as a direct query does", async () => {
    for (const e of exercises) {
      const counted = await db.submission.count({
        where: { exerciseId: e.exercise.id, status: { not: "failed" }, ...learners() },
      });
      expect(sum(e.timeline.bins.map((b) => b.count)) + e.timeline.before + e.timeline.after).toBe(counted);
      expect(e.timeline.bins).toHaveLength(96);
      const deadline = new Date(e.timeline.deadline ?? "");
      const lastHour = { gte: new Date(deadline.getTime() - 3_600_000), lt: deadline };
      expect(e.timeline.lastHour?.submissions).toBe(
        await db.submission.count({
          where: { exerciseId: e.exercise.id, status: { not: "failed" }, createdAt: lastHour, ...learners() },
        }),
      );
      const rushed = await db.submission.groupBy({
        by: ["userId"],
        where: { exerciseId: e.exercise.id, status: { not: "failed" }, createdAt: lastHour, ...learners() },
      });
      expect(e.timeline.lastHour?.learners.map((l) => l.userId).sort()).toEqual(rushed.map((r) => r.userId).sort());
    }
  });

  it("counts learners to full marks once each, and times only those with a first open before it", () => {
    for (const e of exercises) {
      expect(sum(e.attemptsToFullMarks.distribution)).toBe(e.attemptsToFullMarks.learners);
      expect(e.attemptsToFullMarks.learners).toBeLessThanOrEqual(e.submitted);
      expect(e.timeToFullMarks.learners + e.timeToFullMarks.fullMarksBeforeOpen).toBeLessThanOrEqual(
        e.attemptsToFullMarks.learners,
      );
      expect(e.timeToFullMarks.medianMs ?? 0).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("course analytics of a 1,000-learner course", () => {
  it("counts completion as the gradebook's final grades do, and modules as all of their exercises", async () => {
    expect(analytics.learners).toBe(1_000);
    const grades = await gradesFor(db, course.learnerIds, course.exerciseIds);
    for (const exercise of analytics.exercises) {
      const complete = course.learnerIds.filter(
        (id) => (gradeOf(grades, id, exercise.id).final ?? -1) >= exercise.maxScore,
      ).length;
      const started = course.learnerIds.filter((id) => gradeOf(grades, id, exercise.id).attempts > 0).length;
      expect([exercise.completed, exercise.started]).toEqual([complete, started]);
      expect(exercise.completedShare).toBeCloseTo(complete / 1_000, 12);
    }
    for (const module of analytics.modules) {
      const mine = analytics.exercises.filter((e) => e.moduleId === module.id);
      expect(module.exercises).toBe(2);
      expect(module.completed).toBeLessThanOrEqual(Math.min(...mine.map((e) => e.completed)));
    }
  });

  it("counts every learner's answer to a current check once", async () => {
    const answered = await db.knowledgeCheckAnswer.count({ where: { courseId: course.courseId, ...learners() } });
    expect(analytics.knowledgeChecks).toHaveLength(24);
    expect(analytics.knowledgeCheckTotals.answered).toBe(answered);
    for (const check of analytics.knowledgeChecks) {
      expect(check.firstTry).toBeLessThanOrEqual(check.correct);
      expect(check.correct).toBeLessThanOrEqual(check.answered);
    }
  });

  it("gives 30 days of active learners, none above the course's learners", () => {
    expect(analytics.activity).toHaveLength(30);
    expect(analytics.activity.at(-1)?.day).toBe(course.now.toISOString().slice(0, 10));
    for (const day of analytics.activity) expect(day.learners).toBeLessThanOrEqual(1_000);
    expect(Math.max(...analytics.activity.map((d) => d.learners))).toBeGreaterThan(500);
  });
});

describe("the gradebook of a 1,000-learner course", () => {
  it("lists every learner with their grades (gradesFor asks 400 learners at a time: SQLite takes 999 values a statement)", async () => {
    const gradebook = await buildGradebook(db, course.courseId);
    expect(gradebook.learnerCount).toBe(1_000);
    expect(gradebook.rows).toHaveLength(1_000);
    for (const [i, exercise] of gradebook.exercises.entries()) {
      expect(exercise.fullMarks).toBe(analytics.exercises[i]?.completed);
      expect(exercise.attempted).toBe(analytics.exercises[i]?.started);
    }
  });
});
