/**
 * The order in which waiting submissions are graded, the same on both queues: by rank, then by arrival. A
 * submission's rank is how many of its learner's submissions were already waiting or being graded when it was
 * accepted (enqueue.ts), so every learner's first waiting submission goes before anyone's second: one learner's
 * hundred submissions delay another learner's one by at most the jobs already running. The pg-boss queue gets
 * this order from job priorities (priority = -rank, pg-boss fetches by priority, then creation); the
 * in-process queue keeps it here.
 */
export class FairOrder<Job> {
  // One FIFO per rank; ranks are small integers (bounded by the per-learner cap on submissions in flight).
  private readonly byRank: Job[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(job: Job, rank: number): void {
    const index = Math.max(0, Math.floor(rank));
    (this.byRank[index] ??= []).push(job);
    this.count++;
  }

  /** The waiting job with the lowest rank, the earliest among equals. */
  take(): Job | undefined {
    for (const waiting of this.byRank) {
      const job = waiting?.shift();
      if (job !== undefined) {
        this.count--;
        return job;
      }
    }
    return undefined;
  }
}
