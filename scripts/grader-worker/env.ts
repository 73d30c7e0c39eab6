import { availableParallelism } from "node:os";
import { z } from "zod";
import { isPostgresUrl } from "../../server/db-client";

/** What `npm run grader:worker` reads from its environment (and .env); README "Grader hosts" lists it. */
export const graderHostEnvSchema = z.object({
  /** The PostgreSQL database the web servers use: the host needs nothing else to find its work. */
  DATABASE_URL: z
    .string()
    .min(1)
    .refine(isPostgresUrl, {
      message:
        "must be a postgresql:// URL: separate grader hosts share the queue in PostgreSQL. On the embedded SQLite database the web server grades (GRADER_WORKERS).",
    }),
  /** Sandboxed worker processes, each grading one submission at a time; default: one per core. */
  GRADER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** The host's operations port (/api/health, /api/ready, /api/metrics); 0 turns it off. */
  GRADER_OPS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** Where that port listens: loopback by default; 0.0.0.0 for a Prometheus on another machine. */
  GRADER_OPS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Bearer token for /api/metrics, as on the web servers; unset: no metrics. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** The grader build to grade with, as on the web servers (default generated/grader). */
  GRADER_BUILD_DIR: z.string().min(1).optional(),
});

export type GraderHostEnv = z.infer<typeof graderHostEnvSchema>;

/** The validated environment, or a message naming each bad variable. */
export function readGraderHostEnv(env: NodeJS.ProcessEnv): { ok: true; env: GraderHostEnv } | { ok: false; message: string } {
  const parsed = graderHostEnvSchema.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  return { ok: false, message: `Invalid environment for the grader host:\n${problems}\nSee docs/deploy.md.` };
}
