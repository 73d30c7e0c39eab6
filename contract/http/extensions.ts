import { z } from "zod";
import { creditSchema, zonedTimeSchema } from "../access";

// The contract of /api/courses/:courseId/extensions (the course's instructors and admins only).

/** `:courseId` and `:extensionId` in DELETE /api/courses/:courseId/extensions/:extensionId. */
export const extensionParamsSchema = z.object({ courseId: z.string().min(1).max(100), extensionId: z.string().min(1).max(100) }).strict();

/**
 * POST: one more access window for one learner and exercise, which may outlast the exercise's last window. Granting
 * again for the same learner and exercise replaces the earlier extension.
 */
export const grantExtensionRequestSchema = z
  .object({
    userEmail: z.email().max(320),
    exerciseId: z.string().min(1).max(100),
    /** ISO-8601 with a zone, like the windows in settings.json. */
    until: zonedTimeSchema,
    credit: creditSchema,
  })
  .strict();
export type GrantExtensionRequest = z.infer<typeof grantExtensionRequestSchema>;

export const extensionViewSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  exerciseId: z.string(),
  userId: z.string(),
  userName: z.string(),
  userEmail: z.string(),
  /** ISO-8601, UTC. */
  until: z.string(),
  credit: z.number().int().min(0).max(100),
  grantedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type ExtensionView = z.infer<typeof extensionViewSchema>;

/** The body of POST (201). */
export const extensionResponseSchema = z.object({ extension: extensionViewSchema });
export type ExtensionResponse = z.infer<typeof extensionResponseSchema>;

/** The body of GET: the course's extensions, soonest ending first. */
export const extensionListResponseSchema = z.object({ extensions: z.array(extensionViewSchema) });
export type ExtensionListResponse = z.infer<typeof extensionListResponseSchema>;
