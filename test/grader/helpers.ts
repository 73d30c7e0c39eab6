import { readFileSync } from "node:fs";
import type { GradeResult } from "../../contract/grade-result";
import { LocalPool, type LocalPoolOptions } from "../../grader/pool/local-pool";
import { TEST_WORKER_PATH } from "./fixtures/build-config";
import type { HostileProgram } from "./hostile-programs";

/** A pool of test workers (fixture exercises); every test file must close it in afterAll. */
export function startTestPool(options: Partial<LocalPoolOptions> = {}): LocalPool {
  return new LocalPool({ workerPath: TEST_WORKER_PATH, size: 1, ...options });
}

/** Why `result` is not the verdict `program` must get, or null when it is. */
export function verdictMismatch(result: GradeResult, program: HostileProgram): string | null {
  if (!program.status.includes(result.status)) return `status ${result.status} (wanted ${program.status.join(" or ")}): ${result.message}`;
  if (program.score === "full" && result.score !== result.maxScore) return `score ${result.score}/${result.maxScore}, wanted full: ${result.checks.find((c) => c.verdict !== "pass")?.message ?? result.message}`;
  if (program.score === "zero" && result.score !== 0) return `score ${result.score}/${result.maxScore}, wanted 0`;
  if (program.mentions) {
    const text = [result.message, result.console, ...result.checks.map((c) => c.message), ...result.compileErrors.map((e) => `line ${e.line}: ${e.message}`)].join("\n");
    if (!text.includes(program.mentions)) return `no mention of "${program.mentions}" in: ${text.slice(0, 600)}`;
  }
  return null;
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

/** The longest any fixture exercise may legitimately take: its wall limit (5 s) times ten. */
export const GENEROUS_BOUND_MS = 50_000;
