import { z } from "zod";

/**
 * Protections that tests may switch OFF on purpose, to prove the hostile suite notices when one goes missing.
 * Only the test worker bundle reads them (from PAGEWISE_GRADER_SABOTAGE); the production worker passes none.
 */
export const sabotageSchema = z
  .object({
    /** No per-check timeout: infinite loops run until the pool's hang detector kills the worker. */
    noTimeout: z.boolean().optional(),
    /** Puts a Reference to the host's `process` on the isolate's globalThis. */
    leakProcess: z.boolean().optional(),
    /** Copies the expected answers into the isolate as globalThis.__expected. */
    leakExpected: z.boolean().optional(),
    /** Reuses one isolate and context for every submission instead of a fresh one each time. */
    reuseContext: z.boolean().optional(),
  })
  .strict();
export type Sabotage = z.infer<typeof sabotageSchema>;

export const SABOTAGE_ENV = "PAGEWISE_GRADER_SABOTAGE";

/** Parses the sabotage switches from the environment (test worker only); throws on anything malformed. */
export function sabotageFromEnv(env: NodeJS.ProcessEnv): Sabotage {
  const raw = env[SABOTAGE_ENV];
  if (!raw) return {};
  return sabotageSchema.parse(JSON.parse(raw));
}
