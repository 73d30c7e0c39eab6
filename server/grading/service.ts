import type { GradeResult } from "../../contract/grade-result";
import type { PrismaClient } from "../../generated/prisma/client";

/** What the service needs from a grader: the local worker pool now, remote workers later. */
export interface Grader {
  grade(job: { exerciseId: string; exerciseVersion: string; code: string; seed: string; hiddenSeed: string }): Promise<GradeResult>;
  close(): Promise<void>;
}

/**
 * Moves submissions from queued to a final state (graded or failed) and stores what the grader said.
 * Every path ends in a final state: a grader that throws, or a result that cannot be stored, marks
 * the submission failed with a message. Submissions left queued or running by a crash are picked up
 * again by recover().
 */
export class GradingService {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly db: PrismaClient,
    private readonly grader: Grader,
    private readonly makeHiddenSeed: () => string,
    private readonly log: (message: string) => void = (message) => console.error(`[grading] ${message}`),
  ) {}

  /** Starts grading a stored submission; resolves when its final state is stored. Idempotent per id. */
  enqueue(submissionId: string): Promise<void> {
    const existing = this.inFlight.get(submissionId);
    if (existing) return existing;
    const job = this.run(submissionId).finally(() => this.inFlight.delete(submissionId));
    this.inFlight.set(submissionId, job);
    return job;
  }

  /** Re-queues every submission a previous process left unfinished; returns how many. */
  async recover(): Promise<number> {
    const unfinished = await this.db.submission.findMany({
      where: { status: { in: ["queued", "running"] } },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    for (const { id } of unfinished) void this.enqueue(id);
    return unfinished.length;
  }

  /**
   * Resolves when this process has finished grading the submission, or after `timeoutMs`, whichever
   * comes first (at once when this process is not grading it: it may be done already, or graded elsewhere).
   */
  async waitUntilSettled(submissionId: string, timeoutMs: number): Promise<void> {
    const job = this.inFlight.get(submissionId);
    if (!job) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Waits for every submission this service is grading. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private async run(submissionId: string): Promise<void> {
    const submission = await this.db.submission.findUnique({ where: { id: submissionId } });
    if (!submission || (submission.status !== "queued" && submission.status !== "running")) return;
    const hiddenSeed = this.makeHiddenSeed();
    await this.db.submission.update({
      where: { id: submissionId },
      data: { status: "running", startedAt: new Date(), attempts: { increment: 1 } },
    });
    let result: GradeResult;
    try {
      result = await this.grader.grade({
        exerciseId: submission.exerciseId,
        exerciseVersion: submission.exerciseVersion,
        code: submission.code,
        seed: submission.seed,
        hiddenSeed,
      });
    } catch (error) {
      this.log(`grader failed on ${submissionId}: ${error instanceof Error ? error.message : String(error)}`);
      await this.markFailed(submissionId, "The grader could not finish this submission. It was not counted; please submit again.");
      return;
    }
    try {
      const isPlatformFault = result.status === "internal_error";
      await this.db.submission.update({
        where: { id: submissionId },
        data: {
          status: isPlatformFault ? "failed" : "graded",
          outcome: result.status,
          score: isPlatformFault ? null : result.score,
          resultJson: JSON.stringify(result),
          message: result.message,
          graderVersion: result.graderVersion,
          compileMs: Math.round(result.timings.compileMs),
          runMs: Math.round(result.timings.runMs),
          finishedAt: new Date(),
        },
      });
    } catch (error) {
      this.log(`storing the result of ${submissionId} failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.markFailed(submissionId, "The result could not be stored. Please submit again.");
    }
  }

  private async markFailed(submissionId: string, message: string): Promise<void> {
    await this.db.submission
      .update({ where: { id: submissionId }, data: { status: "failed", outcome: "internal_error", message, finishedAt: new Date() } })
      .catch((error: unknown) => this.log(`could not mark ${submissionId} failed: ${String(error)}`));
  }
}
