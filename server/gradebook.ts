import "server-only";
import type { GradebookFilter } from "../contract/http/gradebook";
import type { PrismaClient } from "../generated/prisma/client";
import { gradeOf, gradesFor, type ExerciseGrade } from "./grades";

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
    const histogram = Array.from({ length: 10 }, () => 0);
    for (const score of finals) {
      const bucket = exercise.maxScore > 0 ? Math.min(9, Math.floor((10 * score) / exercise.maxScore)) : 0;
      histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    }
    return {
      id: exercise.id,
      title: exercise.title,
      maxScore: exercise.maxScore,
      moduleId: exercise.lesson.moduleId,
      attempted: rows.filter((row) => (row.cells[exercise.id]?.attempts ?? 0) > 0).length,
      fullMarks: finals.filter((score) => score >= exercise.maxScore).length,
      meanBest: finals.length > 0 ? finals.reduce((a, b) => a + b, 0) / finals.length : null,
      histogram,
    };
  });
  const knowledgeChecks = await knowledgeCheckStats(db, courseId, rows.map((row) => row.userId), filter.module ?? null);
  return { rows, exercises: stats, knowledgeChecks, modules, learnerCount: learners.length };
}

/** Per check of the course (in lesson order), how many of these learners answered it, and answered it right. */
async function knowledgeCheckStats(db: PrismaClient, courseId: string, learnerIds: string[], moduleId: string | null): Promise<KnowledgeCheckStats[]> {
  const checks = await db.knowledgeCheck.findMany({
    where: { courseId, retiredAt: null, ...(moduleId ? { lesson: { moduleId } } : {}) },
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
