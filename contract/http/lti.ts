import { z } from "zod";

// The contract of the LTI routes (/api/lti/*, /api/admin/lti/*). Several parts of the LTI work add to this file:
// each keeps to its own block.

// ---- AGS score outbox: POST /api/admin/lti/scores/:scoreId/retry (admins only) ----

export const scoreParamsSchema = z.object({ scoreId: z.string().min(1).max(100) }).strict();
/** No fields: the act is in the URL. */
export const retryScoreRequestSchema = z.object({}).strict();
/** The delivery is pending again, due now. */
export const retryScoreResponseSchema = z.object({ scoreId: z.string(), state: z.literal("pending") });
export type RetryScoreResponse = z.infer<typeof retryScoreResponseSchema>;

// ---- end of the AGS score outbox block ----
