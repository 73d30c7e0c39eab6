import "server-only";
import type { PrismaClient } from "../generated/prisma/client";

export interface GradebookRow {
  userId: string;
  name: string;
  email: string;
  /** Best graded score and number of submissions per exercise id. */
  cells: Record<string, { best: number | null; attempts: number }>;
  total: number;
}

export interface ExerciseStats {
  id: string;
  title: string;
  maxScore: number;
  attempted: number;
  fullMarks: number;
  meanBest: number | null;
  /** How many learners' best score falls in each tenth of the maximum (0-10%, ..., 90-100%). */
  histogram: number[];
}

/** How a course's learners did on one knowledge check. */
export interface KnowledgeCheckStats {
  /** `<course>/<lesson slug>/<check id>` */
  id: string;
  checkId: string;
  lessonId: string;
  lessonTitle: string;
  question: string;
  /** Learners who answered at least once, who answered correctly (ever), and who did on their first try. */
  answered: number;
  correct: number;
  firstTry: number;
}

/** Every learner of a course with their best score per exercise, per-exercise and per-knowledge-check statistics. */
export async function buildGradebook(
  db: PrismaClient,
  courseId: string,
): Promise<{ rows: GradebookRow[]; exercises: ExerciseStats[]; knowledgeChecks: KnowledgeCheckStats[] }> {
  const exercises = await db.exercise.findMany({
    where: { courseId },
    orderBy: [{ lesson: { module: { position: "asc" } } }, { lesson: { position: "asc" } }, { position: "asc" }],
    select: { id: true, title: true, maxScore: true },
  });
  const learners = await db.enrollment.findMany({
    where: { courseId, role: "learner" },
    orderBy: { user: { name: "asc" } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  const exerciseIds = exercises.map((e) => e.id);
  const attempts = await db.submission.groupBy({
    by: ["userId", "exerciseId"],
    where: { exerciseId: { in: exerciseIds }, userId: { in: learners.map((l) => l.user.id) } },
    _count: { _all: true },
  });
  const best = await db.submission.groupBy({
    by: ["userId", "exerciseId"],
    where: { exerciseId: { in: exerciseIds }, status: "graded" },
    _max: { score: true },
  });
  const key = (userId: string, exerciseId: string) => `${userId}\u0000${exerciseId}`;
  const attemptsBy = new Map(attempts.map((a) => [key(a.userId, a.exerciseId), a._count._all]));
  const bestBy = new Map(best.map((b) => [key(b.userId, b.exerciseId), b._max.score]));

  const rows = learners.map(({ user }): GradebookRow => {
    const cells: GradebookRow["cells"] = {};
    for (const exercise of exercises) {
      cells[exercise.id] = { best: bestBy.get(key(user.id, exercise.id)) ?? null, attempts: attemptsBy.get(key(user.id, exercise.id)) ?? 0 };
    }
    const total = Object.values(cells).reduce((sum, cell) => sum + (cell.best ?? 0), 0);
    return { userId: user.id, name: user.name, email: user.email, cells, total };
  });

  const stats = exercises.map((exercise): ExerciseStats => {
    const bests = rows.map((row) => row.cells[exercise.id]?.best).filter((score): score is number => score !== null && score !== undefined);
    const histogram = Array.from({ length: 10 }, () => 0);
    for (const score of bests) {
      const bucket = exercise.maxScore > 0 ? Math.min(9, Math.floor((10 * score) / exercise.maxScore)) : 0;
      histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    }
    return {
      id: exercise.id,
      title: exercise.title,
      maxScore: exercise.maxScore,
      attempted: rows.filter((row) => (row.cells[exercise.id]?.attempts ?? 0) > 0).length,
      fullMarks: bests.filter((score) => score >= exercise.maxScore).length,
      meanBest: bests.length > 0 ? bests.reduce((a, b) => a + b, 0) / bests.length : null,
      histogram,
    };
  });
  const knowledgeChecks = await knowledgeCheckStats(db, courseId, learners.map((l) => l.user.id));
  return { rows, exercises: stats, knowledgeChecks };
}

/** Per check of the course (in lesson order), how many of these learners answered it, and answered it right. */
async function knowledgeCheckStats(db: PrismaClient, courseId: string, learnerIds: string[]): Promise<KnowledgeCheckStats[]> {
  const checks = await db.knowledgeCheck.findMany({
    where: { courseId, retiredAt: null },
    orderBy: [{ lesson: { module: { position: "asc" } } }, { lesson: { position: "asc" } }, { position: "asc" }],
    select: { id: true, checkId: true, lessonId: true, question: true, lesson: { select: { title: true } } },
  });
  // One row per (check, correct, first correct attempt): a handful per check, whatever the number of learners.
  const groups = await db.knowledgeCheckAnswer.groupBy({
    by: ["knowledgeCheckId", "correct", "firstCorrectAttempt"],
    where: { courseId, userId: { in: learnerIds } },
    _count: { _all: true },
  });
  return checks.map((check): KnowledgeCheckStats => {
    const mine = groups.filter((group) => group.knowledgeCheckId === check.id);
    const count = (keep: (group: (typeof mine)[number]) => boolean) =>
      mine.filter(keep).reduce((sum, group) => sum + group._count._all, 0);
    return {
      id: check.id,
      checkId: check.checkId,
      lessonId: check.lessonId,
      lessonTitle: check.lesson.title,
      question: check.question,
      answered: count(() => true),
      correct: count((group) => group.correct),
      firstTry: count((group) => group.correct && group.firstCorrectAttempt === 1),
    };
  });
}
