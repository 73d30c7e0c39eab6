import type { GradeResult } from "../../contract/grade-result";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Grader } from "./grader";
import { ignoreGrading, type GradingObserver } from "../ops/grading-observer";
import { announceScoresQueued, queueLtiScores } from "../lti/ags/queue-score";
import { deliverRegrade, failRegradeItem, type RegradeOutcome } from "../regrade/deliver";
import { IN_FLIGHT_STATUSES, type JobRef } from "./enqueue";
import { gradingRow, resultColumns } from "./grading-history";

/** How often a submission may be picked up before it is failed as the platform's fault (a poisoned job). */
export const MAX_DELIVERIES = 3;

/** What the learner reads when the platform, not their code, could not grade a submission. */
export const PLATFORM_FAILURE_MESSAGE =
  "The grader failed on this submission several times. This is the platform's fault, not a verdict on your code, and it does not count as an attempt; please submit again.";

/** How one delivery of a job ended: a result stored, nothing to do (already final), or failed by the platform. */
export type DeliveryOutcome = "stored" | "already_final" | "platform_failure";

export interface SubmissionGraderOptions {
  db: PrismaClient;
  grader: Grader;
  /** The GraderHost row of this process: recorded on each submission it picks up. */
  hostId: string;
  makeHiddenSeed: () => string;
  /** Called once a submission's final state is stored (wakes long polls, on every web server). */
  announceFinal: (submissionId: string) => Promise<void>;
  maxDeliveries?: number;
  observer?: GradingObserver;
}

/**
 * Grades one delivery of a submission's job, safely under at-least-once delivery:
 * - it claims the submission only while it is not final, so a late or duplicate delivery does nothing;
 * - it stores the result only while the submission is still not final, so two deliveries graded at once store
 *   one result (the first), never two;
 * - a submission picked up more than `maxDeliveries` times (its hosts keep dying) ends failed, marked as the
 *   platform's fault, which attempt limits do not count.
 * A database error is thrown: the queue delivers the job again later.
 */
export class SubmissionGrader {
  private readonly maxDeliveries: number;
  private readonly observer: GradingObserver;
  private storedCount = 0;

  constructor(private readonly options: SubmissionGraderOptions) {
    this.maxDeliveries = options.maxDeliveries ?? MAX_DELIVERIES;
    this.observer = options.observer ?? ignoreGrading;
  }

  /** Runs one job of the queue: a submission's grading, or a regrade item's. */
  async deliverJob(job: JobRef, rank = 0): Promise<DeliveryOutcome | RegradeOutcome> {
    if (!job.regradeItemId) return this.deliver(job.submissionId, rank);
    const { db, grader } = this.options;
    return deliverRegrade({ db, grader, maxDeliveries: this.maxDeliveries }, job.regradeItemId, rank);
  }

  /** Ends a regrade item as failed by the platform (its job ran out of retries); its submission is untouched. */
  failRegradeItem(itemId: string, message: string): Promise<void> {
    return failRegradeItem(this.options.db, itemId, message);
  }

  /** `rank`: the submission's place in FairOrder, so a worker that is busy takes the fairest job next. */
  async deliver(submissionId: string, rank = 0): Promise<DeliveryOutcome> {
    const { db, hostId } = this.options;
    // Claimed and read in one statement (UPDATE ... RETURNING): a job costs as few round trips as it can.
    const [submission] = await db.submission.updateManyAndReturn({
      where: { id: submissionId, status: { in: [...IN_FLIGHT_STATUSES] } },
      data: { status: "running", startedAt: new Date(), attempts: { increment: 1 }, graderHostId: hostId },
    });
    if (!submission) {
      this.observer.duplicateDropped();
      return "already_final";
    }
    if (submission.attempts > this.maxDeliveries) {
      return (await this.failAsPlatform(submissionId, PLATFORM_FAILURE_MESSAGE)) ? "platform_failure" : "already_final";
    }
    const result = await this.options.grader.grade({
      exerciseId: submission.exerciseId,
      exerciseVersion: submission.exerciseVersion,
      code: submission.code,
      seed: submission.seed,
      hiddenSeed: this.options.makeHiddenSeed(),
    }, { priority: -rank });
    const stored = await this.storeResult(submission, result);
    if (!stored) {
      this.observer.duplicateDropped();
      return "already_final";
    }
    this.observer.resultStored(submission.exerciseId, result.status, (Date.now() - submission.createdAt.getTime()) / 1000);
    this.storedCount++;
    await this.options.announceFinal(submissionId);
    return result.status === "internal_error" ? "platform_failure" : "stored";
  }

  /** Results this process stored (its heartbeat records it on its GraderHost row). */
  get stored(): number {
    return this.storedCount;
  }

  /** Ends a submission as failed by the platform, unless it is final already; returns whether it did. */
  async failAsPlatform(submissionId: string, message: string): Promise<boolean> {
    const { count } = await this.options.db.submission.updateMany({
      where: { id: submissionId, status: { in: [...IN_FLIGHT_STATUSES] } },
      data: { status: "failed", outcome: "internal_error", message, finishedAt: new Date() },
    });
    if (count === 0) return false;
    this.observer.platformFailure();
    await this.options.announceFinal(submissionId);
    return true;
  }

  /**
   * Stores the checks' score as rawScore and, as score, what the submission's credit (decided when accepted) keeps of
   * it, and keeps the grading in the submission's history, both only while the submission is not final.
   */
  private async storeResult(submission: { id: string; userId: string; exerciseId: string; credit: number }, result: GradeResult): Promise<boolean> {
    const submissionId = submission.id;
    // internal_error: the grader, not the learner, failed (a worker died twice, say): failed, no score.
    const columns = resultColumns(result, submission.credit);
    const graded = result.status !== "internal_error";
    const { stored, queued } = await this.options.db.$transaction(async (tx) => {
      const { count } = await tx.submission.updateMany({
        where: { id: submissionId, status: { in: [...IN_FLIGHT_STATUSES] } },
        data: {
          status: graded ? "graded" : "failed",
          ...columns,
          compileMs: Math.round(result.timings.compileMs),
          runMs: Math.round(result.timings.runMs),
          finishedAt: new Date(),
        },
      });
      if (count === 0) return { stored: false, queued: 0 };
      await tx.grading.create({ data: gradingRow(submissionId, "submit", result, columns) });
      // A graded result may change the learner's grade: it goes to the LMS gradebooks their launches named (AGS),
      // committed with the result (a platform failure has no score and sends nothing).
      const queued = graded ? await queueLtiScores(tx, { userId: submission.userId, exerciseId: submission.exerciseId, submissionId }) : 0;
      return { stored: true, queued };
    });
    if (queued > 0) announceScoresQueued(); // committed: this process's deliverer may send it now
    return stored;
  }
}
