import "dotenv/config";
import { existsSync } from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../../server/db-client";
import { startGradingNode } from "../../server/grading/grading-node";
import { readGraderHostEnv } from "./env";

/**
 * `npm run grader:worker`: a grader host. It needs only DATABASE_URL (PostgreSQL) and optionally
 * GRADER_CONCURRENCY: it pulls jobs from the pg-boss queue, grades them in its sandboxed worker processes and
 * stores the results, which wakes the learner's long poll on whichever web server holds it. SIGTERM drains:
 * no new job is taken, the running ones finish and are stored, then it exits 0. kill -9 loses nothing: its
 * running submissions are queued again when its heartbeat stops (server/grading/hosts.ts).
 */
const root = path.resolve(import.meta.dirname, "../..");
const workerPath = path.join(root, "generated/grader/worker.mjs");

const read = readGraderHostEnv(process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(2);
}
const env = read.env;
if (!existsSync(workerPath)) {
  console.error(`${path.relative(root, workerPath)} is missing: run npm run build (or npx tsx scripts/build-grader.ts) first.`);
  process.exit(2);
}

const log = (message: string) => console.log(`[grader-host] ${message}`);
const db = createPrismaClient(env.DATABASE_URL, { poolSize: env.GRADER_CONCURRENCY + 2 });
const node = await startGradingNode({
  db,
  databaseUrl: env.DATABASE_URL,
  kind: "grader",
  workers: env.GRADER_CONCURRENCY,
  workerPath,
  log: (message) => console.error(`[grader-host] ${message}`),
});
log(`${node.host?.id ?? "?"}: grading with ${env.GRADER_CONCURRENCY} worker process(es) from the ${node.queue.engine} queue`);

// A repeated SIGTERM (a supervisor, or tsx passing on the one it got) changes nothing; a second Ctrl-C quits
// at once. Draining is bounded: longer than any exercise's grading, then the host exits anyway.
const DRAIN_LIMIT_MS = 60_000;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log(`${signal}: draining (${node.queue.running} running; no new jobs)`);
    process.on("SIGTERM", () => undefined);
    process.on("SIGINT", () => process.exit(130));
    setTimeout(() => process.exit(1), DRAIN_LIMIT_MS).unref();
    node
      .close()
      .then(() => db.$disconnect())
      .then(
        () => {
          log("drained; exiting");
          process.exit(0);
        },
        (error: unknown) => {
          console.error(`[grader-host] draining failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  });
}
