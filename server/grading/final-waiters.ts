/**
 * Long polls waiting for submissions to become final, in this process. The queue wakes them when a final state
 * is announced (in process on SQLite, by PostgreSQL NOTIFY from any host otherwise): no request polls the
 * database in a loop.
 */
export class FinalWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  async wait(submissionId: string, timeoutMs: number, isFinal: () => Promise<boolean>): Promise<void> {
    let wake: () => void = () => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    const set = this.waiting.get(submissionId) ?? new Set();
    set.add(wake);
    this.waiting.set(submissionId, set);
    try {
      // Registered first, then checked: a result stored in between still wakes us, through wake().
      if (!(await isFinal())) await woken;
    } finally {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0 && this.waiting.get(submissionId) === set) this.waiting.delete(submissionId);
    }
  }

  wake(submissionId: string): void {
    for (const wake of this.waiting.get(submissionId) ?? []) wake();
  }

  /** Wakes every waiter (the notification channel was lost: they re-read the database and answer). */
  wakeAll(): void {
    for (const set of this.waiting.values()) for (const wake of set) wake();
  }

  get count(): number {
    let total = 0;
    for (const set of this.waiting.values()) total += set.size;
    return total;
  }
}
