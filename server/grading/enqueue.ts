import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { RequestError } from "../errors";

/** A submission as the web server accepts it; the queue stores it and its grading job together. */
export interface NewSubmission {
  userId: string;
  exerciseId: string;
  exerciseVersion: string;
  code: string;
  maxScore: number;
  seed: string;
}

/**
 * The terms a submission is accepted on (content/kit/access.ts): decided inside the queue's per-learner critical
 * section, so two submissions at once cannot both spend the learner's last grace day. `acceptedAt` is the moment
 * the decision was made for, stored as the submission's createdAt.
 */
export interface SubmissionTerms {
  acceptedAt: Date;
  credit: number;
  creditReason: string;
  windowIndex: number | null;
  graceDays: number;
}

/** Decides a submission's terms, or throws a RequestError (the exercise is closed) and nothing is stored. */
export type DecideTerms = (tx: Transaction) => Promise<SubmissionTerms>;

/**
 * What a queue needs to run one grading job: the submission, and whose it is (for fairness). A regrade's job names
 * its RegradeItem too (server/regrade): it grades a final submission again instead of a queued one.
 */
export interface JobRef {
  submissionId: string;
  userId: string;
  regradeItemId?: string;
}

/** A job's identity in a queue: a submission is graded by one job at a time, a regrade item likewise. */
export function jobKey(job: JobRef): string {
  return job.regradeItemId ? `regrade:${job.regradeItemId}` : job.submissionId;
}

/**
 * FairOrder's rank for regrade jobs: after every learner's own submissions (whose rank is how many of theirs are
 * ahead, far below this), so a regrade of a whole exercise never delays a learner waiting for a result.
 */
export const REGRADE_RANK = 100_000;

export type Transaction = Prisma.TransactionClient;
export type SubmissionRow = Awaited<ReturnType<PrismaClient["submission"]["create"]>>;

/** Jobs not yet final, submissions and regrade items alike: waiting for a grader, or being graded. */
export const IN_FLIGHT_STATUSES = ["queued", "running"] as const;

/**
 * Inside the queue's transaction (PostgreSQL), or one learner at a time in process (SQLite): refuses the submission
 * when the learner already has `maxInFlight` submissions
 * waiting or being graded (0: no cap), stores it as queued, and returns it with its rank, the number of the
 * learner's submissions in flight before it (fair-order.ts). `decideTerms` (when given) runs first, in the same
 * critical section, and its terms are stored with the submission. Both queues call this, so the cap and the order
 * are the same on SQLite and PostgreSQL.
 */
export async function insertQueuedSubmission(
  tx: Transaction,
  submission: NewSubmission,
  maxInFlight: number,
  decideTerms?: DecideTerms,
): Promise<{ row: SubmissionRow; rank: number }> {
  // A closed exercise says so before anything else does.
  const terms = decideTerms ? await decideTerms(tx) : null;
  const rank = await tx.submission.count({ where: { userId: submission.userId, status: { in: [...IN_FLIGHT_STATUSES] } } });
  if (maxInFlight > 0 && rank >= maxInFlight) {
    throw new RequestError(
      429,
      "too_many_in_flight",
      `You already have ${rank} submission${rank === 1 ? "" : "s"} waiting to be graded. Wait for their results, then submit again.`,
    );
  }
  const accepted = terms
    ? { createdAt: terms.acceptedAt, credit: terms.credit, creditReason: terms.creditReason, windowIndex: terms.windowIndex, graceDays: terms.graceDays }
    : {};
  const row = await tx.submission.create({ data: { ...submission, ...accepted, status: "queued" } });
  return { row, rank };
}
