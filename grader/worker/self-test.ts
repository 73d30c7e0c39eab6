import type { GradeResult, Outcome } from "../../contract/grade-result";
import type { Ivm } from "../ivm/load-ivm";
import { gradeSubmission } from "../pipeline/grade-submission";
import type { Sabotage } from "../pipeline/sabotage";
import type { ExerciseRegistry } from "../registry";
import { selfTestExercise } from "./self-test-exercise";
import { startWatchdog } from "./watchdog";

// Known escapes and bombs the sandbox must stop, run through the real pipeline before a worker accepts jobs.
// A worker whose isolated-vm build, flags or configuration let one through refuses to start.

const ESCAPE_PROBES = String.raw`
const leaks = [];
const tryProbe = (name, probe) => { try { const r = probe(); if (r !== undefined && r !== "undefined") leaks.push(name); } catch (_) {} };
tryProbe("process", () => typeof process);
tryProbe("globalThis.process", () => typeof globalThis.process);
tryProbe("globalThis.require", () => typeof globalThis.require);
tryProbe("constructor.constructor", () => ({}).constructor.constructor("return typeof process")());
tryProbe("this.constructor.constructor", () => this.constructor.constructor("return typeof process")());
tryProbe("Function(this)", () => { const g = Function("return this")(); return typeof g.process; });
tryProbe("module.constructor", () => typeof module.constructor._load);
tryProbe("Buffer", () => typeof Buffer);
export function probe(a: number, b: number): number { return leaks.length === 0 ? a + b : -1000 - leaks.length; }
`;

// Each attack lists the statuses that prove it was stopped; the growing array may meet the time limit first on
// a loaded machine, and a worker must not refuse to start because the machine is busy.
const CASES: { name: string; code: string; expect: Outcome[]; fullScore?: boolean }[] = [
  { name: "a correct program", code: "export function probe(a: number, b: number) { return a + b; }", expect: ["graded"], fullScore: true },
  { name: "reaching the host process", code: ESCAPE_PROBES, expect: ["graded"], fullScore: true },
  { name: "an infinite loop", code: "export function probe() { for (;;) {} }", expect: ["timeout"] },
  { name: "a 2 GB ArrayBuffer", code: "const b = new ArrayBuffer(2 ** 31); export function probe() { return b.byteLength; }", expect: ["memory_limit"] },
  { name: "an ever-growing array", code: "const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(1)); export function probe() { return 0; }", expect: ["memory_limit", "timeout"] },
];

export type SelfTestOutcome = { ok: true; ms: number } | { ok: false; message: string };

const CASE_DEADLINE_MS = 10_000;

/**
 * Runs every known attack through gradeSubmission with `ivm` (and any sabotage): ok only if each got its verdict.
 * A case that does not finish within 10 s fails the self-test; one stuck inside a synchronous isolate call (its
 * timeout did not act) is ended by the watchdog thread, which kills this process with the same message.
 */
export async function runSelfTest(ivm: Ivm, sabotage: Sabotage = {}): Promise<SelfTestOutcome> {
  const started = performance.now();
  const registry: ExerciseRegistry = { find: (id) => (id === selfTestExercise.id ? selfTestExercise : null), ids: () => [selfTestExercise.id] };
  const watchdog = startWatchdog();
  try {
    for (const testCase of CASES) {
      const late = `self-test "${testCase.name}": did not finish within ${CASE_DEADLINE_MS / 1000} s`;
      watchdog.arm(CASE_DEADLINE_MS + 1000, `grader worker: self-test failed, refusing to start: ${late}`);
      const result = await withDeadline(
        gradeSubmission({ exerciseId: selfTestExercise.id, code: testCase.code, seed: "1", hiddenSeed: "1" }, { ivm, registry, sabotage }),
        CASE_DEADLINE_MS,
      );
      watchdog.disarm();
      if (result === null) return { ok: false, message: late };
      const problem = mismatch(result, testCase.expect, testCase.fullScore === true);
      if (problem !== null) return { ok: false, message: `self-test "${testCase.name}": ${problem}` };
    }
  } finally {
    await watchdog.stop();
  }
  return { ok: true, ms: performance.now() - started };
}

function mismatch(result: GradeResult, expect: Outcome[], fullScore: boolean): string | null {
  if (!expect.includes(result.status)) return `expected status ${expect.join(" or ")}, got ${result.status} (${result.message})`;
  if (fullScore && result.score !== result.maxScore) return `expected full score, got ${result.score}/${result.maxScore} (${result.checks[0]?.message ?? result.message})`;
  return null;
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
