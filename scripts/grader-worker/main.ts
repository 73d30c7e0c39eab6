import "dotenv/config";
import { existsSync } from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../../server/db-client";
import { startGradingNode } from "../../server/grading/grading-node";
import { graderWorkerPath } from "../../server/grading/worker-path";
import { processMetrics } from "../../server/ops/metrics";
import { startOpsServer } from "../../server/ops/ops-server";
import { readGraderHostEnv } from "./env";

/**
 * `npm run grader:worker`: a grader host. It needs only DATABASE_URL (PostgreSQL) and optionally
 * GRADER_CONCURRENCY: it pulls jobs from the pg-boss queue, grades them in its sandboxed worker processes and
 * stores the results, which wakes the learner's long poll on whichever web server holds it. SIGTERM drains:
 * no new job is taken, the running ones finish and are stored, then it exits 0. kill -9 loses nothing: its
 * running submissions are queued again when its heartbeat stops (server/grading/hosts.ts).
 */
const root = path.resolve(import.meta.dirname, "../..");

const read = readGraderHostEnv(process.env);
if (!read.ok) {
  console.error(read.message);
  process.exit(2);
}
const env = read.env;
const workerPath = graderWorkerPath(env.GRADER_BUILD_DIR, root);
if (!existsSync(workerPath)) {
  console.error(`${path.relative(root, workerPath)} is missing: run npm run build (or npx tsx scripts/build-grader.ts) first.`);
  process.exit(2);
}

const log = (message: string) => console.log(`[grader-host] ${message}`);
const db = createPrismaClient(env.DATABASE_URL, { poolSize: env.GRADER_CONCURRENCY + 2 });
const metrics = processMetrics();
const node = await startGradingNode({
  db,
  databaseUrl: env.DATABASE_URL,
  kind: "grader",
  workers: env.GRADER_CONCURRENCY,
  workerPath,
  observer: metrics.observer,
  log: (message) => console.error(`[grader-host] ${message}`),
}).catch(async (error: unknown) => {
  console.error(`[grader-host] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  await db.$disconnect();
  process.exit(1);
});
metrics.watch(node, db);
log(`${node.host?.id ?? "?"}: grading with ${env.GRADER_CONCURRENCY} worker process(es) from the ${node.queue.engine} queue`);
if (env.GRADER_OPS_PORT > 0) {
  const context = { role: "grader", db, databaseUrl: env.DATABASE_URL, queue: async () => node.queue, metrics, metricsToken: env.METRICS_TOKEN, root } as const;
  await startOpsServer(context, env.GRADER_OPS_PORT, env.GRADER_OPS_HOST).then(
    () => log(`operations on http://${env.GRADER_OPS_HOST}:${env.GRADER_OPS_PORT}/api/{health,ready,metrics}`),
    async (error: unknown) => {
      console.error(`[grader-host] cannot listen on ${env.GRADER_OPS_HOST}:${env.GRADER_OPS_PORT} (${error instanceof Error ? error.message : String(error)}); set GRADER_OPS_PORT to a free port, or 0 for none.`);
      await node.close();
      process.exit(2);
    },
  );
}

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
