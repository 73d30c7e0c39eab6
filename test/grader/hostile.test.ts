import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalPool } from "../../grader/pool/local-pool";
import { GENEROUS_BOUND_MS, residentMb, startTestPool, verdictMismatch } from "./helpers";
import { hostilePrograms } from "./hostile-programs";

// Every hostile program through real worker processes, with the verdict it must get, within a generous bound.
let pool: LocalPool;
beforeAll(() => {
  pool = startTestPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
});

describe.concurrent("hostile programs", () => {
  it("has at least 40 programs covering every family", () => {
    expect(hostilePrograms.length).toBeGreaterThanOrEqual(40);
    expect(new Set(hostilePrograms.map((p) => p.family)).size).toBeGreaterThanOrEqual(10);
  });
  for (const program of hostilePrograms) {
    it(`${program.family}: ${program.name}`, async () => {
      const started = performance.now();
      const result = await pool.grade({ exerciseId: program.exercise, code: program.code, seed: "hostile" });
      expect(verdictMismatch(result, program)).toBeNull();
      expect(performance.now() - started).toBeLessThan(GENEROUS_BOUND_MS);
      // The result names the hidden seed it used, so the run can be replayed.
      expect(result.hiddenSeed).not.toBe("");
    });
  }
});

describe("after the hostile programs", () => {
  it("each submission gets a fresh context: pollution does not carry over", async () => {
    await pool.grade({ exerciseId: "add-two-numbers", seed: "1", code: "Object.prototype.polluted = 1; (globalThis as Record<string, unknown>).stash = 1; Math.max = () => 0;\nexport function add(a: number, b: number) { return a - b; }" });
    const probe = "const leaked = 'polluted' in {} || 'stash' in globalThis || Math.max(1, 2) !== 2;\nexport function add(a: number, b: number) { return leaked ? -1 : a + b; }";
    for (let i = 0; i < 2; i++) {
      const result = await pool.grade({ exerciseId: "add-two-numbers", seed: "1", code: probe });
      expect(result.score).toBe(result.maxScore);
    }
  });

  it("the workers are healthy (or were replaced) and their memory stayed bounded", async () => {
    const result = await pool.grade({ exerciseId: "page-walk", seed: "9", code: (await import("node:fs")).readFileSync(new URL("./fixtures/page-walk/solution.ts", import.meta.url), "utf8") });
    expect(result.status).toBe("graded");
    expect(result.score).toBe(result.maxScore);
    const stats = pool.stats();
    expect(stats.queued).toBe(0);
    expect(stats.running).toBe(0);
    expect(stats.failed).toBe(0);
    for (const pid of stats.workerPids) expect(residentMb(pid)).toBeLessThan(1024);
  });
});
