import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";
import { startGradingNode, type GradingNode } from "./grading-node";
import { processMetrics } from "../ops/metrics";
import { processGradingNode } from "./process-node";
import { graderWorkerPath } from "./worker-path";

/**
 * The web process's grading: its queue and, unless GRADER_WORKERS=0, a pool of local worker processes (the
 * worker bundle is built by `npm run build` into generated/grader/, or GRADER_BUILD_DIR). Learner code never runs in
 * this process.
 */
export function getGrading(): Promise<GradingNode> {
  return processGradingNode(async () => {
    const metrics = processMetrics();
    const node = await startGradingNode({
      db: getDb(),
      databaseUrl: getEnv().DATABASE_URL,
      kind: "web",
      workers: getEnv().GRADER_WORKERS,
      workerPath: graderWorkerPath(getEnv().GRADER_BUILD_DIR),
      observer: metrics.observer,
    });
    metrics.watch(node, getDb());
    return node;
  });
}
