import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { GradeResult } from "../contract/grade-result";
import { LocalPool } from "./pool/local-pool";

// `npm run --silent grade -- --exercise ID --file PATH [--seed N] [--hidden-seed N] [--json]`
// Grades one file through a real worker process (the same path as the web server), prints the result, and exits
// 0; bad arguments, an unknown exercise or an unreadable file exit 2 with a message on stderr.

const USAGE = "usage: npm run --silent grade -- --exercise ID --file PATH [--seed N] [--hidden-seed N] [--json]";
/** Tests point the CLI at the fixture worker; by default it uses the production bundle. */
export const WORKER_ENV = "PAGEWISE_GRADER_WORKER";

const argsSchema = z.object({
  exercise: z.string({ error: "--exercise ID is required" }).min(1),
  file: z.string({ error: "--file PATH is required" }).min(1),
  seed: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "--seed must be 1-100 letters, digits, - or _").default("1"),
  "hidden-seed": z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "--hidden-seed must be 1-100 letters, digits, - or _").optional(),
  json: z.boolean().default(false),
});

function usageError(message: string): never {
  process.stderr.write(`grade: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseCommandLine(argv: string[]): z.infer<typeof argsSchema> {
  let values: unknown;
  try {
    values = parseArgs({
      args: argv,
      options: { exercise: { type: "string" }, file: { type: "string" }, seed: { type: "string" }, "hidden-seed": { type: "string" }, json: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join("; "));
  return parsed.data;
}

/** The result for a terminal: status and score, one line per check with its message, console, server-only parts, replay info. */
export function formatResult(result: GradeResult): string {
  const lines = [`${result.status.toUpperCase()}  ${result.score}/${result.maxScore}  ${result.message}`];
  for (const error of result.compileErrors) lines.push(`  line ${error.line}, column ${error.column}: ${error.message}`);
  for (const check of result.checks) {
    const mark = check.verdict === "pass" ? "PASS" : check.verdict.toUpperCase();
    lines.push(`  [${mark}] ${check.name} (${check.earned}/${check.points}, ${check.visibility}, ${check.casesPassed}/${check.casesRun} cases)`);
    if (check.verdict !== "pass") lines.push(`         ${check.message}`);
  }
  if (result.console) lines.push("--- console ---", result.console.trimEnd());
  // The CLI runs with the server's secrets (hidden checks, the solution): it is an instructor's tool and shows all.
  if (result.serverOnly?.hiddenConsole) lines.push("--- console while hidden checks ran (never shown to the learner) ---", result.serverOnly.hiddenConsole.trimEnd());
  if (result.serverOnly?.faultDetail) lines.push(`grader fault (never shown to the learner): ${result.serverOnly.faultDetail}`);
  lines.push(
    `exercise ${result.exerciseId}@${result.exerciseVersion}, grader ${result.graderVersion}, seed ${result.seed}, hidden seed ${result.hiddenSeed}, ${result.timings.totalMs} ms`,
  );
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  let code: string;
  try {
    code = readFileSync(args.file, "utf8");
  } catch (error) {
    usageError(`cannot read ${args.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const workerPath = process.env[WORKER_ENV] ?? join(dirname(fileURLToPath(import.meta.url)), "../generated/grader/worker.mjs");
  if (!existsSync(workerPath)) usageError(`the grader is not built (${workerPath} is missing): run npm run build first`);
  const pool = new LocalPool({ workerPath, size: 1 });
  try {
    const ids = await pool.exerciseIds();
    if (!ids.includes(args.exercise)) usageError(`unknown exercise "${args.exercise}"; known: ${ids.join(", ") || "(none: the worker did not start)"}`);
    const result = await pool.grade({
      exerciseId: args.exercise,
      code,
      seed: args.seed,
      ...(args["hidden-seed"] ? { hiddenSeed: args["hidden-seed"] } : {}),
    });
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
  } finally {
    await pool.close();
  }
}

await main();
