import "server-only";
import type { KnowledgeCheckStats } from "../contract/analytics";
import type { GradebookFilter } from "../contract/http/gradebook";
import type { PrismaClient } from "../generated/prisma/client";
import { tenthsHistogram } from "./analytics/distribution";
import { knowledgeCheckStats } from "./analytics/knowledge-check-stats";
import { gradeOf, gradesFor, type ExerciseGrade } from "./grades";

export type { KnowledgeCheckStats };

export interface GradebookRow {
  userId: string;
  name: string;
  email: string;
  /** The learner's grade per exercise id (server/grades.ts: automatic, override, final, attempts, late). */
  cells: Record<string, ExerciseGrade>;
  /** The sum of the final grades of the exercises shown. */
  total: number;
}

export interface ExerciseStats {
  id: string;
  title: string;
  maxScore: number;
  moduleId: string;
  attempted: number;
  fullMarks: number;
  meanBest: number | null;
  /** How many learners' final grade falls in each tenth of the maximum (0-10%, ..., 90-100%). */
  histogram: number[];
}

export interface Gradebook {
  rows: GradebookRow[];
  exercises: ExerciseStats[];
  knowledgeChecks: KnowledgeCheckStats[];
  /** The course's modules, for the filter. */
  modules: { id: string; title: string }[];
  /** Learners enrolled, before the `show` filter. */
  learnerCount: number;
}

const ALL: GradebookFilter = { show: "all" };

/**
 * The course's learners with their grade on each exercise (overrides applied), per-exercise and per-knowledge-check
 * statistics, narrowed by the filter: one module's exercises, and the learners with late work or who have not
 * started (no submission on any exercise shown). The page and the CSV export read the same gradebook.
 */
export async function buildGradebook(db: PrismaClient, courseId: string, filter: GradebookFilter = ALL): Promise<Gradebook> {
  const modules = await db.module.findMany({ where: { courseId }, orderBy: { position: "asc" }, select: { id: true, title: true } });
  const exercises = await db.exercise.findMany({
    where: { courseId, ...(filter.module ? { lesson: { moduleId: filter.module } } : {}) },
    orderBy: [{ lesson: { module: { position: "asc" } } }, { lesson: { position: "asc" } }, { position: "asc" }],
    select: { id: true, title: true, maxScore: true, lesson: { select: { moduleId: true } } },
  });
  const learners = await db.enrollment.findMany({
    where: { courseId, role: "learner" },
    orderBy: [{ user: { name: "asc" } }, { user: { email: "asc" } }],
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  const exerciseIds = exercises.map((e) => e.id);
  const grades = await gradesFor(db, learners.map((l) => l.user.id), exerciseIds);

  const allRows = learners.map(({ user }): GradebookRow => {
    const cells: GradebookRow["cells"] = {};
    for (const id of exerciseIds) cells[id] = gradeOf(grades, user.id, id);
    const total = Object.values(cells).reduce((sum, cell) => sum + (cell.final ?? 0), 0);
    return { userId: user.id, name: user.name, email: user.email, cells, total };
  });
  const rows = allRows.filter((row) => {
    const cells = Object.values(row.cells);
    if (filter.show === "late") return cells.some((cell) => cell.late);
    if (filter.show === "not-started") return cells.every((cell) => cell.attempts === 0 && cell.override === null);
    return true;
  });

  const stats = exercises.map((exercise): ExerciseStats => {
    const finals = rows.map((row) => row.cells[exercise.id]?.final).filter((score): score is number => score !== null && score !== undefined);
    return {
      id: exercise.id,
      title: exercise.title,
      maxScore: exercise.maxScore,
      moduleId: exercise.lesson.moduleId,
      attempted: rows.filter((row) => (row.cells[exercise.id]?.attempts ?? 0) > 0).length,
      fullMarks: finals.filter((score) => score >= exercise.maxScore).length,
      meanBest: finals.length > 0 ? finals.reduce((a, b) => a + b, 0) / finals.length : null,
      histogram: tenthsHistogram(finals, exercise.maxScore),
    };
  });
  const knowledgeChecks = await knowledgeCheckStats(db, courseId, rows.map((row) => row.userId), filter.module ?? null);
  return { rows, exercises: stats, knowledgeChecks, modules, learnerCount: learners.length };
}
