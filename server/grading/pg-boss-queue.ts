import PgBoss from "pg-boss";
import type { PrismaClient } from "../../generated/prisma/client";
import { insertQueuedSubmission, REGRADE_RANK, type DecideTerms, type JobRef, type NewSubmission, type SubmissionRow, type Transaction } from "./enqueue";
import { FinalWaiters } from "./final-waiters";
import { PgListener } from "./pg-listener";
import type { GradingQueue } from "./queue";
import { MAX_DELIVERIES, PLATFORM_FAILURE_MESSAGE, type SubmissionGrader } from "./submission-grader";

/** pg-boss queue names, and the NOTIFY channels that wake grader hosts and long polls. */
export const GRADE_QUEUE = "grade";
export const DEAD_LETTER_QUEUE = "grade-dead";
const JOBS_CHANNEL = "pagewise_grade_jobs";
const FINAL_CHANNEL = "pagewise_submission_final";

/** A grader host asks for jobs this often even without a notice (a notice lost with its connection). */
const IDLE_FETCH_MS = 2_000;
const DEAD_LETTER_SWEEP_MS = 5_000;

export interface PgBossQueueOptions {
  /**
   * How long a job may stay picked up before pg-boss presumes its host dead and delivers it again. Longer than
   * any exercise's grading can take (its wall time, twice with the pool's own retry); a host that dies is
   * usually noticed sooner by its missing heartbeat (hosts.ts).
   */
  expireInSeconds?: number;
  /** Run pg-boss's maintenance (expiry, retention) in this process; one process at a time does it. */
  supervise?: boolean;
  log?: (message: string) => void;
}

interface JobData {
  submissionId: string;
  userId: string;
  /** A regrade's job (server/regrade): the item it grades. */
  regradeItemId?: string;
  /** FairOrder's rank (the job's priority is -rank): the pool orders what waits for a worker by it too. */
  rank?: number;
}

/**
 * The scale-out queue: pg-boss on the same PostgreSQL database as the submissions. A submission's row and its
 * job are written in one transaction (pg-boss's `db` option runs its INSERT on Prisma's transaction), and
 * NOTIFY, which PostgreSQL delivers only on commit, wakes the grader hosts. Hosts fetch with pg-boss (SKIP
 * LOCKED, by priority = -rank: FairOrder), complete or fail each job, and pg-boss expires and retries jobs whose
 * host died; a job out of retries goes to a dead-letter queue whose sweeper fails its submission as the
 * platform's fault. Final states are announced with NOTIFY, so a long poll on any web server wakes at once.
 */
export class PgBossQueue implements GradingQueue {
  readonly engine = "pg-boss" as const;
  private readonly waiters = new FinalWaiters();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private grader: SubmissionGrader | null = null;
  private concurrency = 0;
  private fetching = false;
  private fetchAgain = false;
  private draining = false;

  private readonly listener: PgListener;

  private constructor(
    private readonly db: PrismaClient,
    private readonly boss: PgBoss,
    databaseUrl: string,
    private readonly log: (message: string) => void,
  ) {
    this.listener = new PgListener(
      databaseUrl,
      [JOBS_CHANNEL, FINAL_CHANNEL],
      {
        onNotice: (channel, payload) => {
          if (channel === FINAL_CHANNEL) this.waiters.wake(payload);
          else this.fetchJobs();
        },
        onLost: () => this.waiters.wakeAll(),
        onReconnected: () => this.fetchJobs(),
      },
      log,
    );
  }

  static async open(db: PrismaClient, databaseUrl: string, options: PgBossQueueOptions = {}): Promise<PgBossQueue> {
    const log = options.log ?? ((message: string) => console.error(`[grading] ${message}`));
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: "pgboss",
      application_name: "pagewise-queue",
      max: 3,
      supervise: options.supervise ?? true,
      schedule: false,
      maintenanceIntervalSeconds: 10,
      monitorStateIntervalSeconds: 60,
    });
    boss.on("error", (error) => log(`pg-boss: ${error.message}`));
    await boss.start();
    await ensureQueue(boss, DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0 });
    await ensureQueue(boss, GRADE_QUEUE, {
      name: GRADE_QUEUE,
      // Our own count (Submission.attempts) fails a poisoned job after MAX_DELIVERIES; pg-boss keeps one more
      // delivery so that count is always the one that decides.
      retryLimit: MAX_DELIVERIES,
      retryDelay: 1,
      expireInSeconds: options.expireInSeconds ?? 60,
      deadLetter: DEAD_LETTER_QUEUE,
    });
    const queue = new PgBossQueue(db, boss, databaseUrl, log);
    try {
      await queue.listener.start();
    } catch (error) {
      await boss.stop({ graceful: false, wait: true, close: true });
      throw error;
    }
    return queue;
  }

  async submit(submission: NewSubmission, maxInFlight: number, decideTerms?: DecideTerms): Promise<SubmissionRow> {
    return this.db.$transaction(async (tx) => {
      // One submit per learner at a time, across every web server (READ COMMITTED would let two concurrent ones
      // both count under the cap): a lock on the learner's id, released at commit.
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", submission.userId);
      const { row, rank } = await insertQueuedSubmission(tx, submission, maxInFlight, decideTerms);
      await this.send(tx, { submissionId: row.id, userId: row.userId }, rank);
      return row;
    });
  }

  async enqueueRegrade(store: (tx: Transaction) => Promise<JobRef[]>): Promise<JobRef[]> {
    // A regrade may hold thousands of jobs: one INSERT for all of them, on the transaction that wrote the items.
    return this.db.$transaction(
      async (tx) => {
        const jobs = await store(tx);
        if (jobs.length === 0) return jobs;
        await this.boss.insert(
          jobs.map((job) => ({ name: GRADE_QUEUE, data: { ...job, rank: REGRADE_RANK } satisfies JobData, priority: -REGRADE_RANK })),
          { db: onTransaction(tx) },
        );
        await tx.$executeRawUnsafe("SELECT pg_notify($1, '')", JOBS_CHANNEL);
        return jobs;
      },
      { timeout: 60_000 },
    );
  }

  async requeue(job: JobRef): Promise<void> {
    await this.db.$transaction((tx) => this.send(tx, job, 0));
  }

  async consume(grader: SubmissionGrader, concurrency: number): Promise<void> {
    this.grader = grader;
    this.concurrency = Math.max(1, concurrency);
    this.every(IDLE_FETCH_MS, () => this.fetchJobs());
    this.every(DEAD_LETTER_SWEEP_MS, () => void this.sweepDeadLetters());
    this.fetchJobs();
  }

  async announceFinal(submissionId: string): Promise<void> {
    await this.db.$executeRawUnsafe("SELECT pg_notify($1, $2)", FINAL_CHANNEL, submissionId);
  }

  waitForFinal(submissionId: string, timeoutMs: number, isFinal: () => Promise<boolean>): Promise<void> {
    return this.waiters.wait(submissionId, timeoutMs, isFinal);
  }

  async depth(): Promise<number> {
    return this.boss.getQueueSize(GRADE_QUEUE);
  }

  get running(): number {
    return this.inFlight.size;
  }

  async drain(): Promise<void> {
    this.draining = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.listener.close();
    this.waiters.wakeAll();
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }

  /** pg-boss's INSERT and the NOTIFY, on the caller's transaction: both happen at its commit, or neither. */
  private async send(tx: Transaction, job: JobRef, rank: number): Promise<void> {
    await this.boss.send(GRADE_QUEUE, { ...job, rank } satisfies JobData, { priority: -rank, db: onTransaction(tx) });
    await tx.$executeRawUnsafe("SELECT pg_notify($1, '')", JOBS_CHANNEL);
  }

  /** Fetches as many jobs as there are free slots; one fetch at a time, again if asked meanwhile. */
  private fetchJobs(): void {
    if (!this.grader || this.draining) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    void this.fetchWhileFree(this.grader).finally(() => {
      this.fetching = false;
      if (this.fetchAgain) {
        this.fetchAgain = false;
        this.fetchJobs();
      }
    });
  }

  private async fetchWhileFree(grader: SubmissionGrader): Promise<void> {
    try {
      while (!this.draining && this.inFlight.size < this.concurrency) {
        const jobs = await this.boss.fetch<JobData>(GRADE_QUEUE, { batchSize: this.concurrency - this.inFlight.size });
        if (jobs.length === 0) return;
        for (const job of jobs) this.inFlight.set(job.id, this.run(grader, job));
      }
    } catch (error) {
      this.log(`fetching jobs failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async run(grader: SubmissionGrader, job: PgBoss.Job<JobData>): Promise<void> {
    try {
      await grader.deliverJob(job.data, job.data.rank ?? 0);
      await this.boss.complete(GRADE_QUEUE, job.id);
    } catch (error) {
      // The database failed us: pg-boss delivers the job again after its retry delay.
      const message = error instanceof Error ? error.message : String(error);
      this.log(`grading ${job.data.submissionId} failed, to be retried: ${message}`);
      await this.boss.fail(GRADE_QUEUE, job.id, { message }).catch(() => undefined);
    } finally {
      this.inFlight.delete(job.id);
      this.fetchJobs();
    }
  }

  /** Jobs pg-boss gave up on (out of retries): their submissions end failed, as the platform's fault. */
  private async sweepDeadLetters(): Promise<void> {
    if (!this.grader || this.draining) return;
    try {
      const jobs = await this.boss.fetch<JobData>(DEAD_LETTER_QUEUE, { batchSize: 20 });
      for (const job of jobs) {
        if (job.data.regradeItemId) {
          await this.grader.failRegradeItem(job.data.regradeItemId, "Its grading job ran out of retries (the platform failed, not the code).");
        } else if (await this.grader.failAsPlatform(job.data.submissionId, PLATFORM_FAILURE_MESSAGE)) {
          this.log(`submission ${job.data.submissionId} failed: its job ran out of retries`);
        }
        await this.boss.complete(DEAD_LETTER_QUEUE, job.id);
      }
    } catch (error) {
      this.log(`sweeping dead letters failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private every(ms: number, task: () => void): void {
    const timer = setInterval(task, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

/** pg-boss's SQL run on a Prisma transaction, so its job INSERTs commit (or roll back) with the rows they belong to. */
function onTransaction(tx: Transaction): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

/** Creates a queue, or brings an existing one's options up to date (several processes start at once). */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  await boss.updateQueue(name, options);
}
