import { afterEach, describe, expect, it } from "vitest";
import type { LocalPool } from "../../grader/pool/local-pool";
import type { Sabotage } from "../../grader/pipeline/sabotage";
import { startTestPool, verdictMismatch } from "./helpers";
import { hostilePrograms, type HostileProgram } from "./hostile-programs";

// With one protection switched off on purpose, the attacks it stops must get a WRONG verdict: proof that the
// hostile suite would catch that protection regressing. First the self-test alone must refuse such a worker.

const pools: LocalPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function sabotagedPool(sabotage: Sabotage, selfTest: "on" | "off"): LocalPool {
  const pool = startTestPool({
    size: 1,
    hangMarginMs: 300,
    startTimeoutMs: 20_000,
    switches: { PAGEWISE_GRADER_SABOTAGE: JSON.stringify(sabotage), PAGEWISE_GRADER_SELF_TEST: selfTest },
  });
  pools.push(pool);
  return pool;
}

const byName = (name: string): HostileProgram => {
  const program = hostilePrograms.find((p) => p.name === name);
  if (!program) throw new Error(`no hostile program named ${name}`);
  return program;
};

describe("the start-up self-test", () => {
  it.each<[string, Sabotage]>([
    ["no timeout", { noTimeout: true }],
    ["host process leaked", { leakProcess: true }],
  ])("refuses a worker with %s, and the job still gets a result", async (_label, sabotage) => {
    const pool = sabotagedPool(sabotage, "on");
    const result = await pool.grade({ exerciseId: "add-two-numbers", seed: "1", code: "export const add = (a: number, b: number) => a + b;" });
    expect(result.status).toBe("internal_error");
    expect(result.message).toMatch(/grader/i);
    expect(pool.stats().lastWorkerFailure).toMatch(/self-test failed/);
  });
});

describe("the hostile suite notices a missing protection", () => {
  it("without timeouts, an endless loop no longer gets its timeout verdict (and the pool still answers)", async () => {
    const pool = sabotagedPool({ noTimeout: true }, "off");
    const program = byName("endless loop in the function");
    const result = await pool.grade({ exerciseId: program.exercise, code: program.code, seed: "1" });
    expect(verdictMismatch(result, program)).not.toBeNull();
    expect(result.status).toBe("internal_error");
    expect(pool.stats()).toMatchObject({ retried: 1, failed: 1 });
  });

  it("with the host process leaked, the escape probes fail", async () => {
    const pool = sabotagedPool({ leakProcess: true }, "off");
    const escapes = hostilePrograms.filter((p) => p.family === "escape" && p.score === "full");
    const results = await Promise.all(escapes.map((p) => pool.grade({ exerciseId: p.exercise, code: p.code, seed: "1" })));
    const caught = escapes.filter((p, i) => { const r = results[i]; return r !== undefined && verdictMismatch(r, p) !== null; });
    expect(caught.length).toBeGreaterThan(0);
  });

  it("with expected answers copied into the isolate, the secrets probe fails", async () => {
    const pool = sabotagedPool({ leakExpected: true }, "off");
    const program = byName("search every global for expected answers");
    const result = await pool.grade({ exerciseId: program.exercise, code: program.code, seed: "1" });
    expect(verdictMismatch(result, program)).not.toBeNull();
  });

  it("with one context reused across submissions, pollution carries over", async () => {
    const pool = sabotagedPool({ reuseContext: true }, "off");
    await pool.grade({ exerciseId: "add-two-numbers", seed: "1", code: "Object.prototype.polluted = 1;\nexport const add = (a: number, b: number) => a - b;" });
    const result = await pool.grade({ exerciseId: "add-two-numbers", seed: "1", code: "const leaked = 'polluted' in {};\nexport const add = (a: number, b: number) => (leaked ? -1 : a + b);" });
    expect(result.score).toBe(0);
  });
});
