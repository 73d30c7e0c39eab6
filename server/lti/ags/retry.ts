import "server-only";
import type { PrismaClient } from "../../../generated/prisma/client";
import type { UserActor } from "../../audit/actors";
import { auditedTransaction, recordAudit } from "../../audit/record";
import { RequestError } from "../../errors";

/**
 * Gives a failed LMS grade delivery another series of tries (an admin, once the LMS side is fixed): back to pending,
 * its attempts counted from 0, due now, recorded in the audit log with why it had failed. It keeps its grade and
 * timestamp: if a newer grade was sent since, the LMS keeps that one. 404 for an unknown row, 409 for one that is
 * not failed. The caller wakes the deliverer (announceScoresQueued) once this has committed.
 */
export async function retryScoreDelivery(db: PrismaClient, actor: UserActor, scoreId: string, now: Date = new Date()): Promise<void> {
  await auditedTransaction(db, async (tx) => {
    const row = await tx.ltiScore.findUnique({ where: { id: scoreId }, select: { id: true, state: true, courseId: true, userId: true, exerciseId: true, attempts: true, lastStatus: true, lastError: true } });
    if (!row) throw new RequestError(404, "score_not_found", "There is no such grade delivery.");
    if (row.state !== "failed") throw new RequestError(409, "not_failed", `This grade delivery is ${row.state}, not failed: there is nothing to retry.`);
    // Conditional on still being failed: nothing else moves a failed row today, but a second retry must not slip in.
    const { count } = await tx.ltiScore.updateMany({
      where: { id: row.id, state: "failed" },
      data: { state: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null },
    });
    if (count === 0) throw new RequestError(409, "not_failed", "This grade delivery is no longer failed: there is nothing to retry.");
    await recordAudit(tx, actor, {
      action: "lti.score_retry",
      targetType: "lti_score",
      targetId: row.id,
      courseId: row.courseId,
      before: { state: "failed", learner: row.userId, exerciseId: row.exerciseId, attempts: row.attempts, lastStatus: row.lastStatus, lastError: row.lastError },
      after: { state: "pending", learner: row.userId, exerciseId: row.exerciseId },
    });
  });
}
