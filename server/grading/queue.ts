import type { DecideTerms, JobRef, NewSubmission, SubmissionRow, Transaction } from "./enqueue";
import type { SubmissionGrader } from "./submission-grader";

/**
 * Where accepted submissions wait for a grader. Two engines behind one interface (docs/decisions/0130):
 * pg-boss on PostgreSQL (any number of web servers and grader hosts share it) and an in-process queue on the
 * embedded SQLite default (the web server grades). Both give the same guarantees, tested by one suite
 * (test/integration/grading-queue.test.ts):
 * - a submission and its job are stored in one transaction: there is no accepted submission without a job;
 * - delivery is at least once; SubmissionGrader makes a second delivery harmless;
 * - jobs are taken in FairOrder (fair-order.ts);
 * - drain() takes no new job and resolves when the jobs being graded are stored.
 */
export interface GradingQueue {
  readonly engine: "in-process" | "pg-boss";
  /**
   * Stores the submission and its job together; refuses (429) past the learner's cap on submissions in flight.
   * `decideTerms` decides its credit in the learner's critical section (and may refuse it: the exercise is closed).
   */
  submit(submission: NewSubmission, maxInFlight: number, decideTerms?: DecideTerms): Promise<SubmissionRow>;
  /**
   * Stores a regrade's items (`store` writes them and returns their jobs) and queues their jobs together, ranked
   * after every learner's submission (REGRADE_RANK).
   */
  enqueueRegrade(store: (tx: Transaction) => Promise<JobRef[]>): Promise<JobRef[]>;
  /** Queues a job again for a submission that is not final (its grader host died). */
  requeue(job: JobRef): Promise<void>;
  /** Starts grading jobs, `concurrency` at a time, with this process's grader. */
  consume(grader: SubmissionGrader, concurrency: number): Promise<void>;
  /** Tells every process waiting on the submission that its final state is stored. */
  announceFinal(submissionId: string): Promise<void>;
  /**
   * Resolves once the submission's final state is announced, or after `timeoutMs`. `isFinal` is asked after
   * the waiter is registered, so a result stored just before the wait began is not missed.
   */
  waitForFinal(submissionId: string, timeoutMs: number, isFinal: () => Promise<boolean>): Promise<void>;
  /** Jobs waiting for a grader (not yet picked up). */
  depth(): Promise<number>;
  /** Jobs being graded by this process. */
  readonly running: number;
  /** Takes no new job; resolves when the jobs this process is grading are stored. */
  drain(): Promise<void>;
  /** Drains, then releases connections and timers. */
  close(): Promise<void>;
}
