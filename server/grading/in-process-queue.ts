import type { PrismaClient } from "../../generated/prisma/client";
import { IN_FLIGHT_STATUSES, insertQueuedSubmission, jobKey, REGRADE_RANK, type DecideTerms, type JobRef, type NewSubmission, type SubmissionRow, type Transaction } from "./enqueue";
import { FairOrder } from "./fair-order";
import { FinalWaiters } from "./final-waiters";
import type { GradingQueue } from "./queue";
import type { SubmissionGrader } from "./submission-grader";

/** How long a job whose delivery hit a database error waits before it is tried again. */
const RETRY_AFTER_MS = 1_000;

/**
 * The embedded default's queue (SQLite, one web server that grades): the submission row itself is the durable
 * job, so storing it is enqueuing it, and consume() first takes up every submission a previous process left
 * queued or running (a crash or kill -9 loses nothing). Waiting jobs are ordered in memory by FairOrder.
 */
export class InProcessQueue implements GradingQueue {
  readonly engine = "in-process" as const;
  private readonly order = new FairOrder<JobRef & { rank: number }>();
  /** Submissions waiting in `order` or being graded: a job is never held twice. */
  private readonly held = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly waiters = new FinalWaiters();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Each learner's submit in progress: the next one waits for it (the cap's count and the insert stay together). */
  private readonly submitting = new Map<string, Promise<void>>();
  private grader: SubmissionGrader | null = null;
  private concurrency = 0;
  private draining = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly log: (message: string) => void = (message) => console.error(`[grading] ${message}`),
    /**
     * Whether consume() takes up the submissions left queued or running. The web server does; `npm run regrade` on
     * SQLite grades only regrade jobs beside a running web server, whose learners' submissions are its own.
     */
    private readonly options: { recoverSubmissions: boolean } = { recoverSubmissions: true },
  ) {}

  async submit(submission: NewSubmission, maxInFlight: number, decideTerms?: DecideTerms): Promise<SubmissionRow> {
    // One process owns this queue, so the count and the insert are made atomic per learner here, in memory, rather
    // than by a database transaction: an interactive transaction holds SQLite's one write lock across both round
    // trips, and under load other writers (results, heartbeats, sign-ins) waited on it past their busy timeout.
    const { row, rank } = await this.oneAtATime(submission.userId, () => insertQueuedSubmission(this.db, submission, maxInFlight, decideTerms));
    this.hold({ submissionId: row.id, userId: row.userId }, rank);
    return row;
  }

  /** Runs `work` after the learner's previous submit has finished (whether it succeeded or not). */
  private oneAtATime<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.submitting.get(userId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.submitting.set(userId, settled);
    void settled.then(() => {
      if (this.submitting.get(userId) === settled) this.submitting.delete(userId);
    });
    return result;
  }

  async requeue(job: JobRef): Promise<void> {
    this.hold(job, 0);
  }

  async enqueueRegrade(store: (tx: Transaction) => Promise<JobRef[]>): Promise<JobRef[]> {
    // The items are the jobs (rows with a status), as submissions are: held now, taken up again after a restart.
    const jobs = await this.db.$transaction((tx) => store(tx));
    for (const job of jobs) this.hold(job, REGRADE_RANK);
    return jobs;
  }

  async consume(grader: SubmissionGrader, concurrency: number): Promise<void> {
    this.grader = grader;
    this.concurrency = Math.max(1, concurrency);
    const unfinished = !this.options.recoverSubmissions ? [] : await this.db.submission.findMany({
      where: { status: { in: [...IN_FLIGHT_STATUSES] } },
      orderBy: { createdAt: "asc" },
      select: { id: true, userId: true },
    });
    const ranks = new Map<string, number>();
    for (const { id, userId } of unfinished) {
      const rank = ranks.get(userId) ?? 0;
      ranks.set(userId, rank + 1);
      this.hold({ submissionId: id, userId }, rank);
    }
    if (unfinished.length > 0) this.log(`took up ${unfinished.length} unfinished submission(s) from before the restart`);
    const regrades = await this.db.regradeItem.findMany({
      where: { status: { in: [...IN_FLIGHT_STATUSES] } },
      orderBy: { id: "asc" },
      select: { id: true, submissionId: true, userId: true },
    });
    for (const item of regrades) this.hold({ submissionId: item.submissionId, userId: item.userId, regradeItemId: item.id }, REGRADE_RANK);
    if (regrades.length > 0) this.log(`took up ${regrades.length} unfinished regrade job(s) from before the restart`);
  }

  async announceFinal(submissionId: string): Promise<void> {
    this.waiters.wake(submissionId);
  }

  waitForFinal(submissionId: string, timeoutMs: number, isFinal: () => Promise<boolean>): Promise<void> {
    return this.waiters.wait(submissionId, timeoutMs, isFinal);
  }

  async depth(): Promise<number> {
    return this.order.size;
  }

  get running(): number {
    return this.inFlight.size;
  }

  async drain(): Promise<void> {
    this.draining = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  async close(): Promise<void> {
    await this.drain();
    this.waiters.wakeAll();
  }

  private hold(job: JobRef, rank: number): void {
    if (this.held.has(jobKey(job))) return;
    this.held.add(jobKey(job));
    this.order.push({ ...job, rank }, rank);
    this.dispatch();
  }

  private dispatch(): void {
    while (!this.draining && this.grader && this.inFlight.size < this.concurrency) {
      const job = this.order.take();
      if (!job) return;
      this.inFlight.set(jobKey(job), this.run(this.grader, job));
    }
  }

  private async run(grader: SubmissionGrader, job: JobRef & { rank: number }): Promise<void> {
    try {
      await grader.deliverJob(job, job.rank);
      this.held.delete(jobKey(job));
    } catch (error) {
      // The database failed us (locked, disk full): the job stays held and is tried again shortly.
      this.log(`grading ${job.submissionId} failed, retrying in ${RETRY_AFTER_MS} ms: ${error instanceof Error ? error.message : String(error)}`);
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.order.push({ ...job, rank: 0 }, 0);
        this.dispatch();
      }, RETRY_AFTER_MS);
      this.retryTimers.add(timer);
    } finally {
      this.inFlight.delete(jobKey(job));
      this.dispatch();
    }
  }
}
