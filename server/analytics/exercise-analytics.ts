import "server-only";
import type { AccessWindows } from "../../contract/access";
import type { ExerciseAnalytics, ScoreDistribution } from "../../contract/analytics";
import type { PrismaClient } from "../../generated/prisma/client";
import { exerciseAccessRules } from "../access/rules";
import { summariseChecks } from "./check-failures";
import { tenthsHistogram } from "./distribution";
import { attemptsToFullMarks, fullMarksJourneys, timeToFullMarks, type CountedSubmission } from "./full-marks";
import { finalGrade, overriddenGrades } from "./final-grades";
import { inChunks } from "../db-chunks";
import { submissionTimeline } from "./timeline";

/**
 * Issue 15's analytics of one exercise of the course (definitions in contract/analytics.ts), or null when the course has no such
 * exercise. The deadline is the exercise's access windows in content/ (server/access/rules.ts) unless `windows` is
 * given (null: always open). A fixed number of grouped queries per 400 learners (server/db-chunks.ts), never one per
 * learner: the exercise, the learners, their counted submissions (small columns), the lesson's visits, the overridden
 * learners' grades (final-grades.ts), and the stored results of each learner's latest graded submission, the only
 * results parsed.
 */
export async function buildExerciseAnalytics(
  db: PrismaClient,
  courseId: string,
  exerciseId: string,
  now: Date = new Date(),
  windows?: AccessWindows | null,
): Promise<ExerciseAnalytics | null> {
  const exercise = await db.exercise.findFirst({
    where: { id: exerciseId, courseId },
    select: { id: true, title: true, maxScore: true, lessonId: true, lesson: { select: { moduleId: true } } },
  });
  if (!exercise) return null;
  const learners = await db.enrollment.findMany({
    where: { courseId, role: "learner" },
    select: { user: { select: { id: true, name: true } } },
  });
  const learnerIds = learners.map((l) => l.user.id);
  const names = new Map(learners.map((l) => [l.user.id, l.user.name]));
  const [rows, visits, overridden, access] = await Promise.all([
    // Through the (userId, exerciseId, createdAt) index, and never the code or the result: a row is a few numbers.
    inChunks(learnerIds, (chunk) =>
      db.submission.findMany({
        where: { exerciseId, userId: { in: chunk }, status: { not: "failed" } },
        select: { id: true, userId: true, status: true, rawScore: true, score: true, maxScore: true, createdAt: true },
      }),
    ),
    db.lessonVisit.findMany({ where: { lessonId: exercise.lessonId }, select: { userId: true, firstVisitedAt: true } }),
    overriddenGrades(db, courseId, learnerIds, [exerciseId]),
    windows === undefined
      ? exerciseAccessRules(courseId, exerciseId).then((rules) => rules?.windows ?? null)
      : Promise.resolve(windows),
  ]);
  const submissions = rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id));

  const latestGraded = new Map<string, { id: string; createdAt: Date }>();
  const automatic = new Map<string, number>(); // the best credited score of a graded submission (server/grades.ts)
  for (const s of submissions) {
    if (s.status !== "graded") continue;
    latestGraded.set(s.userId, s); // oldest first: the last one wins
    if (s.score !== null) automatic.set(s.userId, Math.max(s.score, automatic.get(s.userId) ?? s.score));
  }
  const newestFirst = [...latestGraded.values()].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compareIds(b.id, a.id),
  );
  const stored = await inChunks(
    newestFirst.map((s) => s.id),
    (chunk) => db.submission.findMany({ where: { id: { in: chunk } }, select: { id: true, resultJson: true } }),
  );
  const resultOf = new Map(stored.map((row) => [row.id, row.resultJson]));
  const { checks, hardestCheck, unreadable } = summariseChecks(newestFirst.map((s) => resultOf.get(s.id) ?? null));

  const journeys = fullMarksJourneys(submissions satisfies CountedSubmission[]);
  const finals = learnerIds.map((id) => finalGrade(overridden, id, exerciseId, automatic.get(id) ?? null));
  return {
    courseId,
    exercise: {
      id: exercise.id,
      title: exercise.title,
      maxScore: exercise.maxScore,
      lessonId: exercise.lessonId,
      moduleId: exercise.lesson.moduleId,
    },
    generatedAt: now.toISOString(),
    learners: learnerIds.length,
    submitted: new Set(submissions.map((s) => s.userId)).size,
    checks,
    hardestCheck,
    unreadableResults: unreadable,
    scores: scoreDistribution(finals, exercise.maxScore),
    attemptsToFullMarks: attemptsToFullMarks(journeys),
    timeline: submissionTimeline(submissions, access, names),
    timeToFullMarks: timeToFullMarks(
      journeys,
      new Map(visits.filter((v) => names.has(v.userId)).map((v) => [v.userId, v.firstVisitedAt])),
    ),
  };
}

/** Learners' final grades in tenths of the maximum, the learners without one apart. */
function scoreDistribution(finals: readonly (number | null)[], maxScore: number): ScoreDistribution {
  const graded = finals.filter((score): score is number => score !== null);
  return {
    maxScore,
    histogram: tenthsHistogram(graded, maxScore),
    ungraded: finals.length - graded.length,
    fullMarks: graded.filter((score) => score >= maxScore).length,
  };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
