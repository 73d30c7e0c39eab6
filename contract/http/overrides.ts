import { z } from "zod";

// The contract of POST /api/courses/:courseId/overrides (the course's instructors and admins only).

/** Sets a learner's grade on an exercise in place of the automatic one; score null gives it back to the automatic grade. */
export const setOverrideRequestSchema = z
  .object({
    userId: z.string().min(1).max(100),
    exerciseId: z.string().min(1).max(100),
    /** Points, 0..the exercise's maxScore (checked on the server), at most 2 decimals. */
    score: z
      .number()
      .min(0)
      .refine((points) => Number.isInteger(points * 100), "a grade has at most 2 decimals")
      .nullable(),
    /** Why: the learner reads it beside their grade. */
    reason: z.string().trim().min(1, "say why: the learner reads it").max(500),
  })
  .strict();
export type SetOverrideRequest = z.infer<typeof setOverrideRequestSchema>;

export const overrideEntrySchema = z.object({
  id: z.string(),
  score: z.number().nullable(),
  reason: z.string(),
  setBy: z.string().nullable(),
  /** ISO-8601. */
  at: z.string(),
});

/** The body of POST (201): the history row just written. */
export const overrideResponseSchema = z.object({ override: overrideEntrySchema });
export type OverrideResponse = z.infer<typeof overrideResponseSchema>;
