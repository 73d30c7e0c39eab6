import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import type { UserActor } from "../audit/actors";
import { auditedTransaction, recordAudit } from "../audit/record";
import { RequestError } from "../errors";
import type { GradingQueue } from "../grading/queue";

/**
 * Gives a submission the platform failed (status failed: its grader died too often, or the grader faulted) another
 * grading: back to queued with its delivery count reset, keeping the credit it was accepted with (the failure was the
 * platform's, not the learner's), recorded in the audit log, then handed to the queue. A submission that is not
 * failed is a 409; an unknown one a 404. If the queue refuses the job, the submission is failed again with a
 * message that says so, so it never sits queued with no job.
 */
export async function retryFailedSubmission(db: PrismaClient, queue: GradingQueue, actor: UserActor, submissionId: string): Promise<void> {
  const job = await auditedTransaction(db, async (tx) => {
    const row = await tx.submission.findUnique({ where: { id: submissionId }, select: { id: true, userId: true, status: true, exerciseId: true, message: true, attempts: true, exercise: { select: { courseId: true } } } });
    if (!row) throw new RequestError(404, "submission_not_found", "There is no such submission.");
    if (row.status !== "failed") throw new RequestError(409, "not_failed", `This submission is ${row.status}, not failed: there is nothing to retry.`);
    await tx.submission.update({
      where: { id: row.id },
      data: { status: "queued", outcome: null, message: null, attempts: 0, graderHostId: null, startedAt: null, finishedAt: null },
    });
    await recordAudit(tx, actor, {
      action: "submission.retry",
      targetType: "submission",
      targetId: row.id,
      courseId: row.exercise.courseId,
      before: { status: "failed", exerciseId: row.exerciseId, message: row.message, attempts: row.attempts },
      after: { status: "queued", exerciseId: row.exerciseId },
    });
    return { submissionId: row.id, userId: row.userId };
  });
  try {
    await queue.requeue(job);
  } catch (error) {
    await db.submission.updateMany({
      where: { id: job.submissionId, status: "queued" },
      data: { status: "failed", outcome: "internal_error", message: "The grading queue refused the retry; try again later.", finishedAt: new Date() },
    });
    throw new RequestError(503, "queue_unavailable", `The grading queue refused the job: ${error instanceof Error ? error.message : String(error)}`);
  }
}
