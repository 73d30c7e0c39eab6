import "dotenv/config";
import { existsSync } from "node:fs";
import path from "node:path";
import { loadCourses } from "../../content/kit/course-loader";
import { contentRoot } from "../../server/content/repository";
import { syncContent } from "../../server/content/sync";
import { createPrismaClient, isPostgresUrl } from "../../server/db-client";
import { envSchema } from "../../server/env-schema";
import { RequestError } from "../../server/errors";
import { liveGraderHosts } from "../../server/grading/hosts";
import { InProcessQueue } from "../../server/grading/in-process-queue";
import { openQueue } from "../../server/grading/grading-node";
import type { GradingQueue } from "../../server/grading/queue";
import { SubmissionGrader } from "../../server/grading/submission-grader";
import { graderWorkerPath } from "../../server/grading/worker-path";
import { freshSeed } from "../../server/seeds";
import { cliActor } from "../../server/audit/actors";
import { regradeProgress, startRegrade, type RegradeProgress } from "../../server/regrade/runs";
import { LocalPool } from "../../grader/pool/local-pool";
import { readRegradeArgs } from "./args";
import { progressLine, summaryJson, summaryLines } from "./report";

/**
 * `npm run regrade -- --exercise ID [--course ID] [--dry-run] [--json]`: grades every graded submission of the
 * exercise again, against its current version (content/ is synced first) and with the seeds each was graded with,
 * through the grading queue: on PostgreSQL the grader hosts do it (at least one must be running); on the embedded
 * SQLite database this process grades with its own workers, beside a running web server. A progress bar on a
 * terminal, then a summary; with --json the last line is one JSON object (regraded, changed, failed, changes).
 * Exit 0 when every submission was regraded, 1 when some failed or the regrade could not start, 2 for bad usage.
 */
const root = path.resolve(import.meta.dirname, "../..");
const workerPath = graderWorkerPath(envSchema.shape.GRADER_BUILD_DIR.parse(process.env.GRADER_BUILD_DIR), root);

const read = readRegradeArgs(process.argv.slice(2));
if (!read.ok) {
  console.error(read.message);
  process.exit(2);
}
const { args } = read;
const databaseUrl = envSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL);
const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);
const db = createPrismaClient(databaseUrl);
let queue: GradingQueue | null = null;
let pool: LocalPool | null = null;

try {
  // The version to regrade against is content/ as it is now, as the web server syncs it when it starts.
  await syncContent(db, await loadCourses(contentRoot()), cliActor("npm run regrade"));
  if (isPostgresUrl(databaseUrl)) {
    if ((await liveGraderHosts(db)) === 0) throw new RequestError(503, "no_grader", "No grader host has been seen in the last minute: start one (npm run grader:worker, or a web server with GRADER_WORKERS > 0), then regrade.");
    queue = await openQueue(db, databaseUrl, (message) => process.stderr.write(`[regrade] ${message}\n`));
  } else {
    if (!existsSync(workerPath)) throw new RequestError(503, "no_build", `${path.relative(root, workerPath)} is missing: run npm run build first.`);
    const workers = Math.max(1, envSchema.shape.GRADER_WORKERS.parse(process.env.GRADER_WORKERS));
    const local = new InProcessQueue(db, (message) => process.stderr.write(`[regrade] ${message}\n`), { recoverSubmissions: false });
    pool = new LocalPool({ workerPath, size: workers });
    const grader = new SubmissionGrader({ db, grader: pool, hostId: `regrade-${process.pid}`, makeHiddenSeed: freshSeed, announceFinal: async () => undefined });
    await local.consume(grader, workers + 1);
    queue = local;
  }
  const started = await startRegrade(db, queue, { exerciseId: args.exercise, ...(args.course ? { courseId: args.course } : {}), dryRun: args["dry-run"], actor: cliActor("npm run regrade") });
  say(`${args["dry-run"] ? "Previewing a regrade of" : "Regrading"} ${started.total} submission(s) of ${started.exerciseId} against version ${started.exerciseVersion}.`);
  const progress = await follow(started.runId);
  for (const line of summaryLines(progress)) say(line);
  if (args.json) process.stdout.write(`${summaryJson(progress)}\n`);
  process.exitCode = progress.failed > 0 ? 1 : 0;
} catch (error) {
  console.error(error instanceof RequestError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await queue?.close();
  await pool?.close();
  await db.$disconnect();
}

/** Waits for the run to finish, redrawing a progress bar on a terminal (stderr, so --json's stdout stays clean). */
async function follow(runId: string): Promise<RegradeProgress> {
  const terminal = process.stderr.isTTY === true;
  for (;;) {
    const progress = await regradeProgress(db, runId);
    if (!progress) throw new Error(`the regrade ${runId} disappeared from the database`);
    if (terminal) process.stderr.write(`\r${progressLine(progress)}`);
    if (progress.status === "done") {
      if (terminal) process.stderr.write("\n");
      return progress;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
