import type { PrismaClient } from "../../../generated/prisma/client";
import { DEFAULT_BACKOFF_BASE_MS, DEFAULT_MAX_ATTEMPTS } from "./backoff";
import { deliverScore, dueScoreIds, SCORE_CALL_TIMEOUT_MS, type DeliveryOutcome, type OutboxDb, type ScoreTokenSource } from "./deliver";
import { onScoreQueued } from "./queue-score";
import { ServiceTokens } from "../service-token";

// The score outbox's deliverer in one process (AGS 2.0). Rows live in the database (LtiScore), so they survive
// restarts: a fresh deliverer picks up what is pending, and a row a dead process had claimed comes back when its lease
// expires. Every grading process runs one; claims keep them from sending a row twice at once. No "server-only": grader
// hosts (npm run grader:worker, run by tsx outside Next's server bundles) run it, and that marker throws there.

/** How often an idle deliverer looks for due rows (a row queued in this process wakes it at once). */
export const DEFAULT_POLL_MS = 2_000;
/** Rows delivered at a time: a slow platform holds up a few, not the whole outbox. */
export const DEFAULT_BATCH = 4;

export interface ScoreOutboxOptions {
  db: OutboxDb;
  tokens: ScoreTokenSource;
  now?: () => Date;
  pollMs?: number;
  batch?: number;
  backoffBaseMs?: number;
  maxAttempts?: number;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
  timeoutMs?: number;
  log?: (message: string) => void;
}

export class ScoreOutbox {
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly log: (message: string) => void;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private cycle: Promise<void> | null = null;
  /** Poked while a cycle ran: look again as soon as it ends. */
  private pokedMeanwhile = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: ScoreOutboxOptions) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.batch = options.batch ?? DEFAULT_BATCH;
    this.log = options.log ?? ((message) => console.warn(`[pagewise] ${message}`));
  }

  /** Starts polling (now, then every pollMs) and listens for rows queued in this process. */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.unsubscribe = onScoreQueued(() => this.poke());
    this.schedule(0);
    return this;
  }

  /** Looks for due rows now rather than at the next poll (rows were just queued). */
  poke(): void {
    if (!this.running) return;
    if (this.cycle) this.pokedMeanwhile = true;
    else this.schedule(0);
  }

  /**
   * Delivers up to `batch` rows due now, in parallel; returns how each turn ended (not_claimed: another had it; error:
   * the database failed mid-turn, the row is left for its next turn).
   */
  async runOnce(): Promise<Array<DeliveryOutcome | "error">> {
    const { db, tokens } = this.options;
    const now = this.options.now ?? (() => new Date());
    const delivery = {
      db,
      tokens,
      now,
      backoffBaseMs: this.options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS,
      maxAttempts: this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      random: this.options.random ?? Math.random,
      timeoutMs: this.options.timeoutMs ?? SCORE_CALL_TIMEOUT_MS,
    };
    const ids = await dueScoreIds(db, now(), this.batch);
    return Promise.all(
      ids.map((id) =>
        deliverScore(delivery, id).catch((error: unknown) => {
          // The row keeps its place and is tried again at its time; one bad row does not stop the others.
          this.log(`LMS score ${id} could not be delivered: ${error instanceof Error ? error.message : String(error)}`);
          return "error" as const;
        }),
      ),
    );
  }

  /** Stops polling; resolves once the deliveries in flight have ended (their rows recorded and released). */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.cycle;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.cycle = this.runCycle();
    }, delayMs);
    // Never what keeps a process alive: the web server or grader host does that.
    this.timer.unref();
  }

  private async runCycle(): Promise<void> {
    this.pokedMeanwhile = false;
    let full = false;
    try {
      // Errors do not count: a failing database is not hammered in a tight loop.
      full = (await this.runOnce()).filter((outcome) => outcome !== "error").length >= this.batch;
    } catch (error) {
      this.log(`LMS score delivery could not look for due rows: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.cycle = null;
    // A full batch may have left more due rows behind: look again at once.
    if (this.running) this.schedule(full || this.pokedMeanwhile ? 0 : this.pollMs);
  }
}

/**
 * Starts a process's deliverer (server/grading/grading-node.ts, for a process that grades: the web server on SQLite,
 * every grader host on PostgreSQL), with `tokens` (tests) or the platforms' real token endpoints.
 */
export function startScoreOutbox(db: PrismaClient, tokens: ScoreTokenSource | undefined, log: (message: string) => void): ScoreOutbox {
  return new ScoreOutbox({ db, tokens: tokens ?? new ServiceTokens(db), log }).start();
}
