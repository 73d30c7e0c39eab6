import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import * as sim from "../sim/learner-api";
import { scoreChecks } from "../grader/shared/score";
import { registryDefinitions } from "../grader/catalog-registry";
import { requireIvm } from "../grader/ivm/load-ivm";
import { gradeSubmission } from "../grader/pipeline/grade-submission";
import { preparePublic } from "../grader/pipeline/public-cache";
import { referenceAnswers } from "../grader/pipeline/reference";
import { transpileSubmission } from "../grader/pipeline/transpile";
import { LocalPool } from "../grader/pool/local-pool";
import { createRegistry } from "../grader/registry";
import { baselineRoot, baselineWorkerPath, inTurn } from "./baseline";

// `npm run bench -- grader`: for the walk-32 reference solution, (1) p50/p99 from source text to result through a
// worker, (2) submissions per second through the local pool, (3) sandboxed vs native: the same pipeline run
// in-process with and without isolated-vm. (3) runs in a child with --no-node-snapshot, as isolated-vm requires.

const ROOT = join(fileURLToPath(import.meta.url), "../..");
const WORKER = join(ROOT, "generated/grader/worker.mjs");
const EXERCISE = "walk-32";
const SOLUTION = join(ROOT, "content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/solution.ts");
const CHILD_ENV = "PAGEWISE_BENCH_GRADER_CHILD";
const ratioSchema = z.object({
  sandboxedP50Ms: z.number(),
  nativeP50Ms: z.number(),
  sandboxedMeanMs: z.number(),
  hiddenMeanMs: z.number(),
  hiddenP99Ms: z.number(),
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** Runs the three measurements and prints them beside the goals. */
export async function run(): Promise<void> {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first.`);
  const code = readFileSync(SOLUTION, "utf8");
  // --baseline=DIR: another built checkout's worker, graded alternately with this one's (and its pool's throughput).
  const baseline = baselineRoot();
  const baselineWorker = baseline ? baselineWorkerPath(baseline) : null;
  const workers = [
    { label: "walk-32 reference", poolLabel: "local pool", path: WORKER },
    ...(baselineWorker ? [{ label: "baseline", poolLabel: "baseline's local pool", path: baselineWorker }] : []),
  ];
  const pools = workers.map((worker) => new LocalPool({ workerPath: worker.path, size: 1 }));
  const latencies = workers.map((): number[] => []);
  try {
    for (let i = 0; i < 130; i++) {
      for (const k of inTurn(i, [...pools.keys()])) {
        const started = performance.now();
        const result = await pools[k]?.grade({ exerciseId: EXERCISE, code, seed: String(i % 20) });
        if (result?.status !== "graded" || result.score !== result.maxScore) throw new Error(`${workers[k]?.label}: the reference solution scored ${result?.status} ${result?.score}/${result?.maxScore}`);
        if (i >= 30) latencies[k]?.push(performance.now() - started);
      }
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
  workers.forEach((worker, k) => {
    const values = latencies[k] ?? [];
    console.log(`${worker.label}, source to result via a worker: p50 ${ms(percentile(values, 50))} (goal <= 15), p99 ${ms(percentile(values, 99))} (goal <= 50), n=${values.length}`);
  });

  for (const worker of workers) {
    const pool = new LocalPool({ workerPath: worker.path, size: 2 });
    try {
      await Promise.all([0, 1, 2, 3].map((i) => pool.grade({ exerciseId: EXERCISE, code, seed: `warm${i}` })));
      const count = 300;
      const started = performance.now();
      await Promise.all(Array.from({ length: count }, (_, i) => pool.grade({ exerciseId: EXERCISE, code, seed: String(i % 50) })));
      const perSecond = count / ((performance.now() - started) / 1000);
      console.log(`${worker.poolLabel}, 2 workers on ${(await import("node:os")).availableParallelism()} cores: ${perSecond.toFixed(1)} submissions/s (goal >= 50)`);
    } finally {
      await pool.close();
    }
  }

  const ratio = await measureRatioInChild();
  console.log(`in-process p50: sandboxed ${ms(ratio.sandboxedP50Ms)}, native ${ms(ratio.nativeP50Ms)}, ratio ${(ratio.sandboxedP50Ms / ratio.nativeP50Ms).toFixed(2)} (goal <= 2, 1.5)`);
  // Throughput follows MEAN cost, and the exercise's own hidden-check generation (content code, on the host, fresh
  // seed per submission) has a heavy tail: shown separately so a slow submission can be attributed.
  console.log(
    `in-process mean: sandboxed submission ${ms(ratio.sandboxedMeanMs)}, of which walk-32's hidden checks + reference answers ${ms(ratio.hiddenMeanMs)} (p99 ${ms(ratio.hiddenP99Ms)})`,
  );
}

function measureRatioInChild(): Promise<z.infer<typeof ratioSchema>> {
  return new Promise((resolve, reject) => {
    // The same node flags as the pool's workers (grader/pool/worker-slot.ts).
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ["--no-node-snapshot", "--max-semi-space-size=32", "--import", "tsx"], env: { ...process.env, [CHILD_ENV]: "1" }, serialization: "advanced" });
    child.once("message", (message: unknown) => {
      const parsed = ratioSchema.safeParse(message);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error("the ratio child sent a malformed message"));
    });
    child.once("exit", (exitCode) => exitCode !== 0 && reject(new Error(`the ratio child exited with ${exitCode}`)));
  });
}

// The same checks as the grader runs, in this process with no sandbox: transpile, load the module with
// new Function (trusted code: this is a benchmark), call through the adapter, JSON round trip, judge.
async function gradeNatively(code: string, seed: string, hiddenSeed: string): Promise<number> {
  const definition = registryDefinitions()[EXERCISE];
  if (!definition) throw new Error("walk-32 is not in the catalog");
  const compiled = await transpileSubmission(code, definition.spec.settings.limits.codeSizeBytes);
  if (!compiled.ok) throw new Error(compiled.message);
  const module = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", "require", compiled.code)(module, module.exports, () => sim);
  const entry = module.exports[definition.spec.settings.entry];
  const publicChecks = preparePublic({ id: EXERCISE, version: "native", ...definition }, seed);
  if (!publicChecks.ok || typeof entry !== "function") throw new Error("native setup failed");
  const hidden = definition.secrets.hiddenChecks(hiddenSeed);
  const hiddenReference = referenceAnswers(definition.spec, definition.adapter, definition.secrets.solution, hidden);
  if (!hiddenReference.ok) throw new Error(hiddenReference.message);
  const groups = [...publicChecks.checks.groups, ...hidden];
  const actual = referenceAnswers(definition.spec, definition.adapter, { [definition.spec.settings.entry]: entry }, groups);
  if (!actual.ok) throw new Error(actual.message);
  return scoreChecks(definition.spec, groups, [...publicChecks.checks.expected, ...hiddenReference.answers], actual.answers).length;
}

async function ratioChild(): Promise<void> {
  const code = readFileSync(SOLUTION, "utf8");
  const registry = createRegistry(registryDefinitions(), join(ROOT, "generated/grader/runtime"));
  const { ivm } = requireIvm();
  const sandboxed: number[] = [];
  const native: number[] = [];
  const hidden: number[] = [];
  const definition = registryDefinitions()[EXERCISE];
  if (!definition) throw new Error("walk-32 is not in the catalog");
  for (let i = 0; i < 130; i++) {
    const seed = String(i % 20);
    let started = performance.now();
    await gradeSubmission({ exerciseId: EXERCISE, code, seed, hiddenSeed: `h${i}` }, { ivm, registry });
    if (i >= 30) sandboxed.push(performance.now() - started);
    started = performance.now();
    await gradeNatively(code, seed, `h${i}`);
    if (i >= 30) native.push(performance.now() - started);
    started = performance.now();
    referenceAnswers(definition.spec, definition.adapter, definition.secrets.solution, definition.secrets.hiddenChecks(`h${i}`));
    if (i >= 30) hidden.push(performance.now() - started);
  }
  process.send?.({
    sandboxedP50Ms: percentile(sandboxed, 50),
    nativeP50Ms: percentile(native, 50),
    sandboxedMeanMs: mean(sandboxed),
    hiddenMeanMs: mean(hidden),
    hiddenP99Ms: percentile(hidden, 99),
  });
  process.exit(0);
}

if (process.env[CHILD_ENV] === "1") await ratioChild();
