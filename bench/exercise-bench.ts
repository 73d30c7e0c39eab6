import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exerciseCatalog } from "../content/catalog";
import { registryDefinitions } from "../grader/catalog-registry";
import { referenceAnswers } from "../grader/pipeline/reference";
import { LocalPool } from "../grader/pool/local-pool";
import { baselineRoot, baselineWorkerPath, inTurn } from "./baseline";

// `npm run bench -- exercises`: what each exercise costs the grader, side by side in one run. For every exercise of
// the catalog, its reference solution through one worker (source to result, p50 and p99) and, in this process, the
// host-side work of a submission (hidden checks for a fresh seed plus the reference's answers), which throughput
// depends on. walk-32 is the grader bench's exercise, so each row is also a ratio to it. `--baseline=DIR` grades
// through another built checkout's worker too, the two alternating submission by submission, and adds its p50.

const ROOT = join(fileURLToPath(import.meta.url), "../..");
const WORKER = join(ROOT, "generated/grader/worker.mjs");
const RUNS = 40;
const WARM_UP = 8;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

interface Row {
  id: string;
  p50: number;
  p99: number;
  hostP50: number;
  baselineP50: number | null;
}

/** Grades every exercise's reference RUNS times and prints one row each, with the ratio to walk-32. */
export async function run(): Promise<void> {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first.`);
  const baseline = baselineRoot();
  const baselineWorker = baseline ? baselineWorkerPath(baseline) : null;
  const definitions = registryDefinitions();
  const pool = new LocalPool({ workerPath: WORKER, size: 1 });
  const baselinePool = baselineWorker ? new LocalPool({ workerPath: baselineWorker, size: 1 }) : null;
  const rows: Row[] = [];
  try {
    for (const [id, entry] of Object.entries(exerciseCatalog)) {
      const definition = definitions[id];
      if (!definition) throw new Error(`${id} has no definition`);
      const code = readFileSync(join(ROOT, entry.folder, "solution.ts"), "utf8");
      const latencies: number[] = [];
      const baselineLatencies: number[] = [];
      const host: number[] = [];
      for (let i = 0; i < RUNS + WARM_UP; i++) {
        for (const which of inTurn(i, baselinePool ? [pool, baselinePool] : [pool])) {
          const started = performance.now();
          const result = await which.grade({ exerciseId: id, code, seed: `bench-${i % 10}` });
          if (result.status !== "graded" || result.score !== result.maxScore)
            throw new Error(`${id}: the reference scored ${result.status} ${result.score}/${result.maxScore}${which === baselinePool ? " on the baseline" : ""}`);
          if (i >= WARM_UP) (which === pool ? latencies : baselineLatencies).push(performance.now() - started);
        }
        const started = performance.now();
        const hidden = definition.secrets.hiddenChecks(`bench-hidden-${i}`);
        const answers = referenceAnswers(definition.spec, definition.adapter, definition.secrets.solution, hidden);
        if (!answers.ok) throw new Error(`${id}: ${answers.message}`);
        if (i >= WARM_UP) host.push(performance.now() - started);
      }
      rows.push({ id, p50: percentile(latencies, 50), p99: percentile(latencies, 99), hostP50: percentile(host, 50), baselineP50: baselinePool ? percentile(baselineLatencies, 50) : null });
    }
  } finally {
    await pool.close();
    await baselinePool?.close();
  }
  const walk32P50 = rows.find((r) => r.id === "walk-32")?.p50 ?? Number.NaN;
  const baselineHeader = baselinePool ? "   baseline p50 ms" : "";
  console.log(
    `exercise             p50 ms   p99 ms   host p50 ms   p50 / walk-32${baselineHeader}   (reference through one worker, n=${RUNS}; goal p50 < 50 ms)`,
  );
  for (const r of rows) {
    const flag = r.p50 >= 50 ? "   over the 50 ms goal" : "";
    const old = r.baselineP50 === null ? "" : `   ${r.baselineP50.toFixed(1).padStart(15)}`;
    console.log(
      `${r.id.padEnd(20)} ${r.p50.toFixed(1).padStart(6)}   ${r.p99.toFixed(1).padStart(6)}   ${r.hostP50.toFixed(1).padStart(11)}   ${(r.p50 / walk32P50).toFixed(2).padStart(13)}${old}${flag}`,
    );
  }
}
