import "server-only";
import type { KnowledgeCheckStats } from "../../contract/analytics";
import type { PrismaClient } from "../../generated/prisma/client";
import { inChunks } from "../db-chunks";

/**
 * Per current check of the course (in lesson order; one module's only with moduleId), how many of these learners
 * answered it, answered it right, and did on their first try. One query for the checks and one per 400 learners: the
 * gradebook's statistics and the course analytics read the same numbers.
 */
export async function knowledgeCheckStats(
  db: PrismaClient,
  courseId: string,
  learnerIds: readonly string[],
  moduleId: string | null,
): Promise<KnowledgeCheckStats[]> {
  const checks = await db.knowledgeCheck.findMany({
    where: { courseId, retiredAt: null, ...(moduleId ? { lesson: { moduleId } } : {}) },
    orderBy: [{ lesson: { module: { position: "asc" } } }, { lesson: { position: "asc" } }, { position: "asc" }],
    select: { id: true, checkId: true, lessonId: true, question: true, lesson: { select: { title: true } } },
  });
  // One row per (check, correct, first correct attempt) and chunk of learners: a handful per check; the chunks' counts
  // add up, since a learner is in one chunk only.
  const groups = await inChunks(learnerIds, (chunk) =>
    db.knowledgeCheckAnswer.groupBy({
      by: ["knowledgeCheckId", "correct", "firstCorrectAttempt"],
      where: { courseId, userId: { in: chunk } },
      _count: { _all: true },
    }),
  );
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
