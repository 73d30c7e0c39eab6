import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";
import { getGrading } from "../grading";
import type { OpsContext } from "./endpoints";
import { processMetrics } from "./metrics";

/** The web server's view for the operations endpoints. */
export function webOpsContext(): OpsContext {
  return {
    role: "web",
    db: getDb(),
    databaseUrl: getEnv().DATABASE_URL,
    queue: async () => (await getGrading()).queue,
    metrics: processMetrics(),
    metricsToken: getEnv().METRICS_TOKEN,
    root: process.cwd(),
  };
}
