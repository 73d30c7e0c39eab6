import { z } from "zod";

// The contract of the instructor's regrade button: POST /api/courses/:courseId/exercises/:exerciseId/regrades starts
// one, GET /api/courses/:courseId/regrades/:runId follows it (the course's instructors and admins only).

export const exerciseRegradeParamsSchema = z.object({ courseId: z.string().min(1).max(100), exerciseId: z.string().min(1).max(100) }).strict();
export const regradeRunParamsSchema = z.object({ courseId: z.string().min(1).max(100), runId: z.string().min(1).max(100) }).strict();

/** dryRun: grade, but change no submission (the preview of the score changes). */
export const startRegradeRequestSchema = z.object({ dryRun: z.boolean() }).strict();
export type StartRegradeRequest = z.infer<typeof startRegradeRequestSchema>;

export const regradeProgressSchema = z.object({
  runId: z.string(),
  exerciseId: z.string(),
  exerciseVersion: z.string(),
  dryRun: z.boolean(),
  status: z.enum(["running", "done"]),
  total: z.number().int(),
  regraded: z.number().int(),
  changed: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  changes: z.array(
    z.object({
      submissionId: z.string(),
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      oldScore: z.number().nullable(),
      newScore: z.number().nullable(),
    }),
  ),
  failures: z.array(z.string()),
});

/** The body of POST (202) and GET (200). */
export const regradeResponseSchema = z.object({ run: regradeProgressSchema });
export type RegradeResponse = z.infer<typeof regradeResponseSchema>;
