import { afterAll, describe, expect, it } from "vitest";
import type { LocalPool } from "../../grader/pool/local-pool";
import { startTestPool } from "./helpers";

// The pool's promises: every job resolves with a result, a dead worker is replaced and its job retried once.
const pools: LocalPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

const LOOP = "export function add() { for (;;) {} }";
const GOOD = "export const add = (a: number, b: number) => a + b;";

describe("local pool", () => {
  it("grades in FIFO order and counts what it did", async () => {
    const pool = startTestPool({ size: 2 });
    pools.push(pool);
    const results = await Promise.all([GOOD, LOOP, GOOD, GOOD].map((code, i) => pool.grade({ exerciseId: "add-two-numbers", code, seed: String(i) })));
    expect(results.map((r) => r.status)).toEqual(["graded", "timeout", "graded", "graded"]);
    expect(results.map((r) => r.seed)).toEqual(["0", "1", "2", "3"]);
    expect(pool.stats()).toMatchObject({ completed: 4, queued: 0, running: 0, retried: 0, failed: 0 });
  });

  it("takes waiting jobs by priority, then in arrival order, while its worker is busy", async () => {
    const pool = startTestPool({ size: 1 });
    pools.push(pool);
    const finished: string[] = [];
    const job = (seed: string, priority: number, code = GOOD) =>
      pool.grade({ exerciseId: "add-two-numbers", code, seed }, { priority }).then((result) => finished.push(result.seed));
    // The loop holds the one worker; everything after it waits, and leaves in priority order.
    const all = [job("busy", 0, LOOP), job("flood-2", -2), job("flood-3", -3), job("newcomer", 0), job("flood-4", -2)];
    await Promise.all(all);
    expect(finished).toEqual(["busy", "newcomer", "flood-2", "flood-4", "flood-3"]);
  });

  it("retries a job whose worker is killed with SIGKILL mid-run, on a fresh worker", async () => {
    const pool = startTestPool({ size: 1 });
    pools.push(pool);
    await pool.grade({ exerciseId: "add-two-numbers", code: GOOD, seed: "1" });
    const [pid] = pool.stats().workerPids;
    const pending = pool.grade({ exerciseId: "add-two-numbers", code: LOOP, seed: "1" });
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (pid !== undefined) process.kill(pid, "SIGKILL");
    const result = await pending;
    expect(result.status).toBe("timeout");
    expect(pool.stats().retried).toBeGreaterThanOrEqual(1);
    expect(pool.stats().workersReplaced).toBeGreaterThanOrEqual(1);
    expect(pool.stats().workerPids).not.toContain(pid);
  });

  it("answers a malformed job with a result, and close() resolves what is still queued", async () => {
    const pool = startTestPool({ size: 1 });
    pools.push(pool);
    const malformed = await pool.grade({ exerciseId: "", code: GOOD, seed: "1" });
    expect(malformed.status).toBe("internal_error");
    const queued = [pool.grade({ exerciseId: "add-two-numbers", code: LOOP, seed: "1" }), pool.grade({ exerciseId: "add-two-numbers", code: GOOD, seed: "2" })];
    await pool.close();
    const results = await Promise.all(queued);
    for (const result of results) expect(result.status).toBe("internal_error");
  });

  it("reports an unknown exercise as an internal_error result", async () => {
    const pool = startTestPool({ size: 1 });
    pools.push(pool);
    const result = await pool.grade({ exerciseId: "no-such-exercise", code: GOOD, seed: "1" });
    expect(result.status).toBe("internal_error");
    expect(result.message).toContain("Unknown exercise");
  });
});
