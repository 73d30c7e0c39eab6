import "server-only";
import type { LoadedCourse, LoadedLesson } from "../content/kit/course-schema";
import { feedbackFor, gradeKnowledgeCheck } from "../content/kit/knowledge-check-grade";
import { knowledgeCheckKey, toPublicKnowledgeCheck, type KnowledgeCheck } from "../content/kit/knowledge-check-schema";
import type {
  AnswerKnowledgeCheckRequest,
  KnowledgeCheckProgress,
  PublicKnowledgeCheck,
} from "../contract/http/knowledge-checks";
import type { PrismaClient } from "../generated/prisma/client";
import { knowledgeCheckVersion } from "./content/sync";
import { findCourseRole } from "./courses";
import { RequestError } from "./errors";

/** What the lesson page renders for one check: the question, and the learner's progress once they answered. */
export interface KnowledgeCheckState {
  check: PublicKnowledgeCheck;
  progress: KnowledgeCheckProgress | null;
}

/**
 * Grades a learner's answer against the answer key in content/ and stores it: one row per learner and check,
 * attempts counted, "answered correctly" kept once earned. Refuses with 404 (no such lesson or check), 403 (not
 * enrolled in its course) or 400 (an answer that cannot be read, which is not counted as an attempt).
 */
export async function answerKnowledgeCheck(
  db: PrismaClient,
  courses: LoadedCourse[],
  user: { id: string; role: string },
  request: AnswerKnowledgeCheckRequest,
): Promise<KnowledgeCheckProgress> {
  const { lesson, check } = requireCheck(courses, request.lessonId, request.checkId);
  const id = knowledgeCheckKey(lesson.id, check.id);
  const row = await db.knowledgeCheck.findUnique({ where: { id }, select: { courseId: true, retiredAt: true } });
  // Not synced yet (content edited without `npm run db:seed`), or retired: nothing to store progress against.
  if (!row || row.retiredAt !== null) {
    throw new RequestError(404, "knowledge_check_not_found", `There is no knowledge check "${request.checkId}" here.`);
  }
  if (!(await findCourseRole(db, user, row.courseId))) {
    throw new RequestError(403, "not_enrolled", "Enroll in this course to answer its knowledge checks.");
  }
  const grade = gradeKnowledgeCheck(check, request.answer);
  if (!grade.ok) throw new RequestError(400, "invalid_answer", grade.message);

  const correct = grade.feedback.correct;
  const now = new Date();
  const answerData = { lastAnswer: grade.answer, lastCorrect: correct, checkVersion: knowledgeCheckVersion(check) };
  // One statement (a native upsert), so two answers sent at once both count.
  const stored = await db.knowledgeCheckAnswer.upsert({
    where: { userId_knowledgeCheckId: { userId: user.id, knowledgeCheckId: id } },
    create: {
      userId: user.id,
      knowledgeCheckId: id,
      courseId: row.courseId,
      lessonId: lesson.id,
      attempts: 1,
      correct,
      firstCorrectAttempt: correct ? 1 : null,
      correctAt: correct ? now : null,
      ...answerData,
    },
    update: { attempts: { increment: 1 }, ...answerData, ...(correct ? { correct: true } : {}) },
  });
  if (correct && stored.firstCorrectAttempt === null) {
    // Only the first right answer sets these; the condition keeps a concurrent one from overwriting it.
    await db.knowledgeCheckAnswer.updateMany({
      where: { id: stored.id, firstCorrectAttempt: null },
      data: { firstCorrectAttempt: stored.attempts, correctAt: now },
    });
  }
  return { answer: grade.answer, feedback: grade.feedback, attempts: stored.attempts, everCorrect: stored.correct };
}

/**
 * Every check of a lesson as the page may render it: questions and options always, the learner's last answer
 * with its feedback only for checks they have answered. `userId` null (signed out) gives questions only.
 */
export async function listKnowledgeCheckStates(
  db: PrismaClient,
  userId: string | null,
  lesson: LoadedLesson,
): Promise<KnowledgeCheckState[]> {
  if (lesson.knowledgeChecks.length === 0) return [];
  const rows = userId ? await db.knowledgeCheckAnswer.findMany({ where: { userId, lessonId: lesson.id } }) : [];
  const byCheck = new Map(rows.map((row) => [row.knowledgeCheckId, row]));
  return lesson.knowledgeChecks.map((check) => {
    const row = byCheck.get(knowledgeCheckKey(lesson.id, check.id));
    return { check: toPublicKnowledgeCheck(check), progress: row ? restoredProgress(check, row) : null };
  });
}

interface StoredAnswer {
  lastAnswer: string;
  lastCorrect: boolean;
  checkVersion: string;
  attempts: number;
  correct: boolean;
}

/** The stored answer's feedback; if the check changed since, the answer is graded again by the current key. */
function restoredProgress(check: KnowledgeCheck, row: StoredAnswer): KnowledgeCheckProgress | null {
  let feedback = feedbackFor(check, row.lastCorrect);
  if (row.checkVersion !== knowledgeCheckVersion(check)) {
    const regraded = gradeKnowledgeCheck(check, row.lastAnswer);
    // The option it named is gone: show the check fresh rather than a verdict on something no longer there.
    if (!regraded.ok) return null;
    feedback = regraded.feedback;
  }
  return { answer: row.lastAnswer, feedback, attempts: row.attempts, everCorrect: row.correct };
}

function requireCheck(
  courses: LoadedCourse[],
  lessonId: string,
  checkId: string,
): { lesson: LoadedLesson; check: KnowledgeCheck } {
  for (const course of courses)
    for (const module of course.modules)
      for (const lesson of module.lessons) {
        if (lesson.id !== lessonId) continue;
        const check = lesson.knowledgeChecks.find((c) => c.id === checkId);
        if (check) return { lesson, check };
        throw new RequestError(404, "knowledge_check_not_found", `There is no knowledge check "${checkId}" here.`);
      }
  throw new RequestError(404, "lesson_not_found", `There is no lesson "${lessonId}".`);
}
