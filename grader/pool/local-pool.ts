import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import type { GradeResult } from "../../contract/grade-result";
import { internalErrorResult } from "../pipeline/grade-result";
import { gradeInputSchema, type GradeInput } from "../pipeline/grade-submission";
import { WorkerSlot } from "./worker-slot";

/** A submission for the pool; the hidden seed is drawn fresh when the caller does not give one. */
export type GradeJob = Omit<GradeInput, "hiddenSeed"> & { hiddenSeed?: string };

export interface LocalPoolOptions {
  /** The built worker bundle, e.g. generated/grader/worker.mjs. */
  workerPath: string;
  /** Worker processes kept running; default: one per core minus one for the web server, at least 1. */
  size?: number;
  /** Extra node flags (--no-node-snapshot is always given). */
  execArgv?: string[];
  /**
   * PAGEWISE_GRADER_* switches for the workers (tests' sabotage flags). Workers never inherit this process's
   * environment: they get only these and the allow-list of grader/pool/worker-env.ts.
   */
  switches?: Readonly<Record<string, string>>;
  startTimeoutMs?: number;
  hangMarginMs?: number;
}

/** Counts for the admin page. */
export interface PoolStats {
  workers: number;
  queued: number;
  running: number;
  completed: number;
  /** Jobs re-run once because their worker died or hung. */
  retried: number;
  /** Jobs that failed twice and were resolved as internal_error. */
  failed: number;
  workersStarted: number;
  workersReplaced: number;
  /** Why the last worker that ended unexpectedly did so (with its stderr tail), or null. */
  lastWorkerFailure: string | null;
  /** Process ids of the live workers (the admin page and tests read their memory from /proc). */
  workerPids: number[];
}

interface PendingJob {
  id: number;
  input: GradeInput;
  /** Higher first (as pg-boss's priorities); equal priorities in arrival order. */
  priority: number;
  attempts: number;
  startedAtMs: number;
  resolve(result: GradeResult): void;
}

const MAX_ATTEMPTS = 2;
/** What V8 prints on stderr when a heap runs out and it aborts the process. */
const OUT_OF_MEMORY = /is_heap_oom|Last few GCs|heap out of memory|Reached heap limit/;
/** Workers that exit before ever being ready, in a row, before the pool stops respawning until the next job. */
const MAX_START_FAILURES = 3;

/**
 * N long-lived grading workers behind a FIFO queue. `grade` always resolves with a GradeResult (never rejects,
 * never stays pending): a job whose worker dies or hangs is retried once on a fresh worker, then resolved as an
 * internal_error saying the grader failed. Dead workers are replaced at once.
 */
export class LocalPool {
  private readonly slots = new Set<WorkerSlot>();
  private readonly queue: PendingJob[] = [];
  private readonly running = new Map<WorkerSlot, PendingJob>();
  private readonly readyWaiters: ((ids: string[]) => void)[] = [];
  private nextJobId = 1;
  private isClosed = false;
  private counts = { completed: 0, retried: 0, failed: 0, workersStarted: 0, workersReplaced: 0 };
  private lastWorkerFailure: string | null = null;
  private consecutiveStartFailures = 0;
  private readonly size: number;

  constructor(private readonly options: LocalPoolOptions) {
    this.size = Math.max(1, options.size ?? availableParallelism() - 1);
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /**
   * Grades one submission; resolves with the result (an internal_error one if the grader itself failed). Waiting
   * jobs are taken by `priority` (higher first), then in arrival order: a grading host that took a job ahead of its
   * workers still grades another learner's first submission before a flooder's next one.
   */
  grade(job: GradeJob, options: { priority?: number } = {}): Promise<GradeResult> {
    const parsed = gradeInputSchema.safeParse({ ...job, hiddenSeed: job.hiddenSeed ?? String(randomInt(2 ** 31)) });
    const startedAtMs = performance.now();
    if (!parsed.success) {
      return Promise.resolve(
        internalErrorResult(fallbackContext(job, startedAtMs), `The submission was malformed: ${parsed.error.issues[0]?.message ?? "invalid"}`),
      );
    }
    const input = parsed.data;
    if (this.isClosed) return Promise.resolve(internalErrorResult(contextOf(input, startedAtMs), "The grader is shutting down; please submit again."));
    // After repeated start failures the pool stopped respawning; a new job is the moment to try again.
    while (this.slots.size < this.size) this.spawn();
    return new Promise((resolve) => {
      const pending: PendingJob = { id: this.nextJobId++, input, priority: options.priority ?? 0, attempts: 0, startedAtMs, resolve };
      const before = this.queue.findIndex((waiting) => waiting.priority < pending.priority);
      if (before === -1) this.queue.push(pending);
      else this.queue.splice(before, 0, pending);
      this.dispatch();
    });
  }

  /** The exercise ids the workers can grade (waits for the first worker to be ready). */
  exerciseIds(): Promise<string[]> {
    for (const slot of this.slots) if (slot.isReady) return Promise.resolve(slot.exercises);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  stats(): PoolStats {
    return { workers: this.slots.size, queued: this.queue.length, running: this.running.size, ...this.counts,
      lastWorkerFailure: this.lastWorkerFailure,
      workerPids: [...this.slots].flatMap((slot) => (slot.child.pid === undefined ? [] : [slot.child.pid])),
    };
  }

  /** Stops every worker; queued and running jobs resolve as internal_error. Resolves when all have exited. */
  async close(graceMs = 2000): Promise<void> {
    this.isClosed = true;
    for (const job of this.queue.splice(0)) job.resolve(internalErrorResult(contextOf(job.input, job.startedAtMs), "The grader is shutting down; please submit again."));
    const exits = [...this.slots].map(
      (slot) =>
        new Promise<void>((resolve) => {
          if (slot.child.exitCode !== null || slot.child.signalCode !== null) resolve();
          else slot.child.once("exit", () => resolve());
        }),
    );
    for (const slot of this.slots) slot.stop(graceMs);
    for (const waiter of this.readyWaiters.splice(0)) waiter([]);
    await Promise.all(exits);
  }

  private spawn(): void {
    this.counts.workersStarted++;
    const slot = new WorkerSlot(
      {
        workerPath: this.options.workerPath,
        execArgv: this.options.execArgv ?? [],
        switches: this.options.switches ?? {},
        startTimeoutMs: this.options.startTimeoutMs ?? 30_000,
        hangMarginMs: this.options.hangMarginMs ?? 2_000,
      },
      {
        onReady: (ready) => {
          this.consecutiveStartFailures = 0;
          for (const waiter of this.readyWaiters.splice(0)) waiter(ready.exercises);
          this.dispatch();
        },
        onResult: (done, jobId, result) => {
          const job = this.running.get(done);
          this.running.delete(done);
          if (job && job.id === jobId) {
            this.counts.completed++;
            job.resolve(result);
          }
          this.dispatch();
        },
        onGone: (gone, reason) => this.replace(gone, reason),
      },
    );
    this.slots.add(slot);
  }

  private replace(slot: WorkerSlot, reason: string): void {
    this.slots.delete(slot);
    const job = this.running.get(slot);
    this.running.delete(slot);
    if (this.isClosed) {
      if (job) job.resolve(internalErrorResult(contextOf(job.input, job.startedAtMs), "The grader is shutting down; please submit again."));
      return;
    }
    const detail = slot.lastError();
    this.lastWorkerFailure = detail ? `${reason}: ${detail}` : reason;
    this.counts.workersReplaced++;
    if (!slot.isReady) this.consecutiveStartFailures++;
    if (this.consecutiveStartFailures < MAX_START_FAILURES) this.spawn();
    if (job) {
      if (job.attempts < MAX_ATTEMPTS) {
        this.counts.retried++;
        this.queue.unshift(job); // a retried job keeps its place at the head of the line
      } else if (OUT_OF_MEMORY.test(slot.stderrText())) {
        // V8 can abort the whole process on an isolate's heap exhaustion (a huge Map rehash, say) before
        // isolated-vm's memory limit steps in. Twice in a row, with V8's OOM report on stderr: the learner's
        // code exhausted its heap, and the verdict says so.
        this.counts.completed++;
        job.resolve(memoryLimitResult(job));
      } else {
        this.counts.failed++;
        job.resolve(
          internalErrorResult(
            contextOf(job.input, job.startedAtMs),
            `The grader failed while running this submission (${reason}), twice. This is not a verdict on your code; please submit again.`,
          ),
        );
      }
    }
    if (this.slots.size === 0) this.failEverythingWaiting();
    this.dispatch();
  }

  // No worker could start (self-test refused, isolated-vm missing): nothing waits forever for one.
  private failEverythingWaiting(): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter([]);
    for (const job of this.queue.splice(0)) {
      this.counts.failed++;
      job.resolve(internalErrorResult(contextOf(job.input, job.startedAtMs), `The grader could not start (${this.lastWorkerFailure ?? "unknown reason"}). Nothing was graded; please submit again later.`));
    }
  }

  private dispatch(): void {
    // Ready workers first; a starting worker takes a job only when none is free (it runs it once ready).
    const slots = [...this.slots].sort((a, b) => Number(b.isReady) - Number(a.isReady));
    for (const slot of slots) {
      if (this.queue.length === 0) return;
      if (this.running.has(slot)) continue;
      const job = this.queue.shift();
      if (!job) return;
      job.attempts++;
      this.running.set(slot, job);
      slot.assign(job.id, job.input);
    }
  }
}

function memoryLimitResult(job: PendingJob): GradeResult {
  const base = internalErrorResult(contextOf(job.input, job.startedAtMs), "");
  return {
    ...base,
    status: "memory_limit",
    message: "Your code used so much memory that the sandbox had to be stopped (twice). No check could be scored; look for a collection that grows without end.",
  };
}

function contextOf(input: GradeInput, startedAtMs: number) {
  return { exerciseId: input.exerciseId, exerciseVersion: input.exerciseVersion ?? "unknown", seed: input.seed, hiddenSeed: input.hiddenSeed, startedAtMs };
}

function fallbackContext(job: GradeJob, startedAtMs: number) {
  const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 100) : "");
  return { exerciseId: text(job.exerciseId), exerciseVersion: text(job.exerciseVersion), seed: text(job.seed), hiddenSeed: text(job.hiddenSeed), startedAtMs };
}
