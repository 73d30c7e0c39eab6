import "server-only";
import path from "node:path";
import { LocalPool } from "../../grader/pool/local-pool";
import { getDb } from "../db";
import { getEnv } from "../env";
import { freshSeed } from "../seeds";
import { GradingService } from "./service";

/**
 * The web process's grading service over a pool of local worker processes (the worker bundle is
 * built by `npm run build` into generated/grader/). Learner code never runs in this process.
 */
const globalForGrading = globalThis as { pagewiseGrading?: GradingService };

export function getGradingService(): GradingService {
  if (!globalForGrading.pagewiseGrading) {
    const pool = new LocalPool({
      workerPath: path.resolve(/* turbopackIgnore: true */ process.cwd(), "generated/grader/worker.mjs"),
      size: getEnv().GRADER_WORKERS,
    });
    globalForGrading.pagewiseGrading = new GradingService(getDb(), pool, freshSeed);
  }
  return globalForGrading.pagewiseGrading;
}
