import "server-only";
import type { SubmissionView } from "../contract/http/submissions";
import type { PrismaClient } from "../generated/prisma/client";
import { gradeOf, gradesFor, overrideHistory, type ExerciseGrade, type OverrideHistoryEntry } from "./grades";
import { graceDaysUsed } from "../content/kit/access";
import { graceDaysSpent } from "./access/learner-terms";
import { courseGraceDays } from "./access/rules";
import { toSubmissionView } from "./submissions";

/** How many of a learner's submissions per exercise the page carries (newest first), code included. */
const SUBMISSIONS_PER_EXERCISE = 50;

export interface LearnerExerciseWork {
  id: string;
  title: string;
  maxScore: number;
  moduleTitle: string;
  lessonTitle: string;
  grade: ExerciseGrade;
  overrides: OverrideHistoryEntry[];
  extension: { until: string; credit: number } | null;
  /** Newest first; results as the learner sees them (hidden checks' cases and messages redacted). */
  submissions: SubmissionView[];
  /** Submissions beyond the ones carried. */
  olderSubmissions: number;
}

export interface LearnerKnowledgeCheck {
  id: string;
  lessonTitle: string;
  checkId: string;
  question: string;
  lastAnswer: string;
  lastCorrect: boolean;
  correct: boolean;
  attempts: number;
  updatedAt: string;
}

export interface LearnerWork {
  learner: { id: string; name: string; email: string };
  /** The course's grace-day budget and the days this learner has spent (null when the course has none). */
  graceDays: { budget: number; spent: number } | null;
  exercises: LearnerExerciseWork[];
  knowledgeChecks: LearnerKnowledgeCheck[];
}

/**
 * Everything a learner of the course has done in it, for the course's instructors: per exercise their grade (and
 * overrides, with history), extension and submissions with code and results; their knowledge-check answers. Null
 * when the user is not a learner of this course (the page answers 404, as for an unknown id).
 */
export async function findLearnerWork(db: PrismaClient, courseId: string, userId: string): Promise<LearnerWork | null> {
  const enrollment = await db.enrollment.findFirst({
    where: { courseId, userId, role: "learner" },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  if (!enrollment) return null;
  const exercises = await db.exercise.findMany({
    where: { courseId },
    orderBy: [{ lesson: { module: { position: "asc" } } }, { lesson: { position: "asc" } }, { position: "asc" }],
    select: { id: true, title: true, maxScore: true, lesson: { select: { title: true, module: { select: { title: true } } } } },
  });
  const ids = exercises.map((e) => e.id);
  const [grades, extensions, counts] = await Promise.all([
    gradesFor(db, [userId], ids),
    db.extension.findMany({ where: { userId, courseId }, select: { exerciseId: true, until: true, credit: true } }),
    db.submission.groupBy({ by: ["exerciseId"], where: { userId, exerciseId: { in: ids } }, _count: { _all: true } }),
  ]);
  const work = await Promise.all(
    exercises.map(async (exercise): Promise<LearnerExerciseWork> => {
      const [rows, overrides] = await Promise.all([
        db.submission.findMany({ where: { userId, exerciseId: exercise.id }, orderBy: { createdAt: "desc" }, take: SUBMISSIONS_PER_EXERCISE }),
        overrideHistory(db, userId, exercise.id),
      ]);
      const extension = extensions.find((e) => e.exerciseId === exercise.id);
      const total = counts.find((c) => c.exerciseId === exercise.id)?._count._all ?? 0;
      return {
        id: exercise.id,
        title: exercise.title,
        maxScore: exercise.maxScore,
        moduleTitle: exercise.lesson.module.title,
        lessonTitle: exercise.lesson.title,
        grade: gradeOf(grades, userId, exercise.id),
        overrides,
        extension: extension ? { until: extension.until.toISOString(), credit: extension.credit } : null,
        submissions: rows.map(toSubmissionView),
        olderSubmissions: Math.max(0, total - rows.length),
      };
    }),
  );
  const answers = await db.knowledgeCheckAnswer.findMany({
    where: { userId, courseId },
    orderBy: [{ knowledgeCheck: { lesson: { module: { position: "asc" } } } }, { knowledgeCheck: { lesson: { position: "asc" } } }, { knowledgeCheck: { position: "asc" } }],
    select: {
      id: true,
      lastAnswer: true,
      lastCorrect: true,
      correct: true,
      attempts: true,
      updatedAt: true,
      knowledgeCheck: { select: { checkId: true, question: true, lesson: { select: { title: true } } } },
    },
  });
  const budget = await courseGraceDays(courseId);
  const spent = budget > 0 ? graceDaysUsed((await graceDaysSpent(db, userId, courseId)).values()) : 0;
  return {
    learner: enrollment.user,
    graceDays: budget > 0 ? { budget, spent } : null,
    exercises: work,
    knowledgeChecks: answers.map((answer) => ({
      id: answer.id,
      lessonTitle: answer.knowledgeCheck.lesson.title,
      checkId: answer.knowledgeCheck.checkId,
      question: answer.knowledgeCheck.question,
      lastAnswer: answer.lastAnswer,
      lastCorrect: answer.lastCorrect,
      correct: answer.correct,
      attempts: answer.attempts,
      updatedAt: answer.updatedAt.toISOString(),
    })),
  };
}
