import { z } from "zod";

/** GET /api/health: the process is up and answering (liveness; touches nothing else). */
export const healthResponseSchema = z.object({
  status: z.literal("ok"),
  role: z.enum(["web", "grader"]),
  uptimeSeconds: z.number(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** One thing readiness depends on, and what was found. */
export const readinessCheckSchema = z.object({
  name: z.enum(["database", "migrations", "queue", "graders"]),
  ok: z.boolean(),
  detail: z.string(),
});
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

/** GET /api/ready: 200 when every check passes, 503 otherwise; the same body either way. */
export const readinessResponseSchema = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.array(readinessCheckSchema),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
