import { LocalPool } from "../../grader/pool/local-pool";
import type { PrismaClient } from "../../generated/prisma/client";
import { isPostgresUrl } from "../db-client";
import type { ScoreTokenSource } from "../lti/ags/deliver";
import { startScoreOutbox } from "../lti/ags/score-outbox";
import { freshSeed } from "../seeds";
import type { GradingObserver } from "../ops/grading-observer";
import type { Grader } from "./grader";
import { GraderHostHeartbeat, type HostKind } from "./hosts";
import { InProcessQueue } from "./in-process-queue";
import { PgBossQueue } from "./pg-boss-queue";
import type { GradingQueue } from "./queue";
import { SubmissionGrader } from "./submission-grader";

export interface GradingNodeOptions {
  db: PrismaClient;
  databaseUrl: string;
  kind: HostKind;
  /** Worker processes grading here; 0: this process only enqueues (a web server in front of grader hosts). */
  workers: number;
  /** The built worker bundle (generated/grader/worker.mjs). */
  workerPath: string;
  /** Tests give a scripted grader instead of the pool. */
  grader?: Grader;
  observer?: GradingObserver;
  /** Jobs taken beyond the workers (default 1, see below). */
  prefetch?: number;
  log?: (message: string) => void;
  /** Access tokens for delivering LMS scores (tests give fakes); by default the platforms' token endpoints. */
  scoreTokens?: ScoreTokenSource;
}

/** A process's part in grading: its queue and, when it grades, its pool of workers and its heartbeat. */
export interface GradingNode {
  readonly queue: GradingQueue;
  readonly pool: LocalPool | null;
  readonly host: GraderHostHeartbeat | null;
  /** SIGTERM: takes no new job, finishes the running ones, stores their results. */
  drain(): Promise<void>;
  /** Drains, stops the workers and the heartbeat, releases the queue. */
  close(): Promise<void>;
}

/** Opens the queue the database calls for: pg-boss on PostgreSQL, in process on SQLite. */
export async function openQueue(db: PrismaClient, databaseUrl: string, log?: (message: string) => void): Promise<GradingQueue> {
  return isPostgresUrl(databaseUrl) ? PgBossQueue.open(db, databaseUrl, { log }) : new InProcessQueue(db, log);
}

/**
 * Starts this process's grading: the queue, and with workers > 0 the sandboxed worker pool, the heartbeat and
 * the consumer. On SQLite the web server is the only process that can grade (its queue lives in it), so it
 * must have workers.
 */
export async function startGradingNode(options: GradingNodeOptions): Promise<GradingNode> {
  const { db, databaseUrl, kind, workers, log } = options;
  if (workers < 1 && !isPostgresUrl(databaseUrl)) {
    throw new Error(
      "GRADER_WORKERS=0 needs PostgreSQL: on the embedded SQLite database the web server is the only grader, so it needs at least one worker.",
    );
  }
  const queue = await openQueue(db, databaseUrl, log);
  if (workers < 1) return idleNode(queue);
  const pool = options.grader ? null : new LocalPool({ workerPath: options.workerPath, size: workers });
  const grader = options.grader ?? pool;
  if (!grader) throw new Error("no grader");
  if (pool && kind === "grader" && (await pool.exerciseIds()).length === 0) {
    // A grader host whose workers cannot start (isolated-vm missing, a failed self-test) must not take jobs: it
    // would fail every one that a healthy host could grade. It exits, saying why; the supervisor retries it.
    const reason = pool.stats().lastWorkerFailure ?? "unknown reason";
    await pool.close();
    await queue.close();
    throw new Error(`the grading workers could not start (${reason})`);
  }
  const host = await GraderHostHeartbeat.register(db, { kind, concurrency: workers }, log);
  const submissionGrader = new SubmissionGrader({
    db,
    grader,
    hostId: host.id,
    makeHiddenSeed: freshSeed,
    announceFinal: (submissionId) => queue.announceFinal(submissionId),
    observer: options.observer,
  });
  // One job more than workers: while a worker grades, the next job is already claimed and waits in the pool, and
  // the finished one's result is stored meanwhile, so a worker does not sit idle through the database round trips
  // between two jobs. Only one more: a job taken early is one that another host or a later, fairer pick cannot.
  await queue.consume(submissionGrader, workers + (options.prefetch ?? 1));
  host.start(queue, () => submissionGrader.stored);
  // LMS grades (AGS): a process that grades also delivers the scores waiting in the outbox, its own and others'.
  const scores = startScoreOutbox(db, options.scoreTokens, log ?? ((message) => console.warn(`[pagewise] ${message}`)));
  let drained: Promise<void> | null = null;
  const drain = () => (drained ??= queue.drain());
  return {
    queue,
    pool,
    host,
    drain,
    async close() {
      await drain();
      await scores?.stop(); // what it has not sent stays pending for the next process
      await host.stop().catch(() => undefined);
      await grader.close();
      await queue.close();
    },
  };
}

function idleNode(queue: GradingQueue): GradingNode {
  return { queue, pool: null, host: null, drain: () => queue.drain(), close: () => queue.close() };
}
