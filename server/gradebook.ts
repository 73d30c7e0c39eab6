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

/** Every learner of a course with their best score per exercise, and per-exercise statistics. */
export async function buildGradebook(db: PrismaClient, courseId: string): Promise<{ rows: GradebookRow[]; exercises: ExerciseStats[] }> {
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
  return { rows, exercises: stats };
}
