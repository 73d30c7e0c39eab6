import { EventEmitter } from "node:events";
import { z } from "zod";
import { SCOPE } from "../../../contract/lti";
import type { Prisma } from "../../../generated/prisma/client";
import { gradeOf, gradesFor } from "../../grade-rule";

// Queueing a learner's grade for the LMS gradebooks that launched them into an exercise (AGS 2.0 score service), in
// the transaction that changes the grade: the grade and its outbox row commit together or not at all, so a grade is
// never lost between the two, and one that rolls back is never sent. No "server-only": the grader hosts (npm run
// grader:worker, run by tsx outside Next's server bundles) store results and call this, and that marker throws there.

/** What queueing reads and writes, on the caller's transaction. */
export type ScoreQueueTransaction = Pick<Prisma.TransactionClient, "ltiGradeLink" | "ltiScore" | "exercise" | "submission" | "gradeOverride">;

export interface GradeChange {
  userId: string;
  exerciseId: string;
  /** The submission whose final state changed the grade; null for an override or a regrade. */
  submissionId: string | null;
}

const scopesSchema = z.array(z.string());

/**
 * Queues the learner's current grade on the exercise (as the gradebook computes it: the override, else the best
 * credited score of a graded submission) for each line item the learner's launches gave us with the score scope.
 * Nothing is queued without such a link, or without a grade (a submission the platform failed sends nothing). Older
 * rows of the same line item and learner that are still pending are superseded first: only the newest is worth
 * sending (one being delivered right now may still arrive; the platform keeps the newest by timestamp). Returns the
 * number of rows queued; call announceScoresQueued() after the transaction commits when it is above 0.
 */
export async function queueLtiScores(tx: ScoreQueueTransaction, change: GradeChange, now: () => Date = () => new Date()): Promise<number> {
  // Touching the links takes their row locks on PostgreSQL: two grade changes of one learner's exercise (an override
  // while a result is stored) queue one after the other, and the second, reading after the first committed, sends
  // the grade that includes both. One statement, reading the links too; it matches no row for a learner who never
  // came from an LMS, which is the common case on the grading path. (SQLite runs one writer at a time anyway.)
  const links = await tx.ltiGradeLink.updateManyAndReturn({
    where: { userId: change.userId, exerciseId: change.exerciseId },
    data: { updatedAt: now() },
    select: { platformId: true, sub: true, lineItemUrl: true, scopes: true },
  });
  const scoring = links.filter((link) => grantsScore(link.scopes));
  if (scoring.length === 0) return 0;
  const [exercise, grades] = await Promise.all([
    tx.exercise.findUniqueOrThrow({ where: { id: change.exerciseId }, select: { courseId: true, maxScore: true } }),
    gradesFor(tx, [change.userId], [change.exerciseId]),
  ]);
  const grade = gradeOf(grades, change.userId, change.exerciseId).final;
  if (grade === null) return 0;
  // Taken after the locks: the later of two grade changes carries the later timestamp.
  const producedAt = now();
  for (const link of scoring) {
    await tx.ltiScore.updateMany({ where: { lineItemUrl: link.lineItemUrl, sub: link.sub, state: "pending" }, data: { state: "superseded" } });
    await tx.ltiScore.create({
      data: {
        platformId: link.platformId,
        userId: change.userId,
        exerciseId: change.exerciseId,
        courseId: exercise.courseId,
        submissionId: change.submissionId,
        lineItemUrl: link.lineItemUrl,
        sub: link.sub,
        scoreGiven: grade,
        scoreMaximum: exercise.maxScore,
        activityProgress: "Completed",
        producedAt,
        nextAttemptAt: producedAt,
      },
    });
  }
  return scoring.length;
}

function grantsScore(scopesJson: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(scopesJson);
  } catch {
    return false;
  }
  const scopes = scopesSchema.safeParse(parsed);
  return scopes.success && scopes.data.includes(SCOPE.score);
}

// The wake-up of this process's deliverer. On globalThis, like the grading node (server/grading/process-node.ts):
// Next bundles route handlers and the instrumentation hook (which starts the deliverer) separately, so a module-level
// emitter could be two emitters in one process.
const holder = globalThis as { pagewiseScoreQueued?: EventEmitter };
const emitter = (holder.pagewiseScoreQueued ??= new EventEmitter().setMaxListeners(0));

/** Tells this process's score outbox that rows were queued, so it looks now instead of at its next poll. */
export function announceScoresQueued(): void {
  emitter.emit("queued");
}

/** Calls `listener` on each announceScoresQueued(); returns the unsubscribe. */
export function onScoreQueued(listener: () => void): () => void {
  emitter.on("queued", listener);
  return () => emitter.off("queued", listener);
}
