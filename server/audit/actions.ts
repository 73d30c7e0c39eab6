import { z } from "zod";
import { auditActionSchema } from "../../contract/http/audit";

// What the audit log records (docs/decisions/0154-the-audit-log.md): every privileged act, by name (the names live
// in contract/http/audit.ts, where the log's filters use them too), who did it and to what.

export { auditActionSchema, type AuditAction } from "../../contract/http/audit";

/** A grade's id is "<learner's user id>:<exercise id>": "who changed this grade" is one filter on it. */
export const auditTargetTypeSchema = z.enum(["user", "extension", "grade", "regrade", "course", "submission", "lti_platform", "lti_key", "lti_score"]);
export type AuditTargetType = z.infer<typeof auditTargetTypeSchema>;

/** Who acted: a signed-in user (with the request's client address), an operator's command, the platform itself, or a visitor. */
export const auditActorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string().min(1), email: z.string().min(1), address: z.string().min(1).nullable() }).strict(),
  z.object({ kind: z.literal("cli"), command: z.string().min(1) }).strict(),
  z.object({ kind: z.literal("platform") }).strict(),
  // Someone not signed in, known only by the request's client address (failed sign-ins).
  z.object({ kind: z.literal("visitor"), address: z.string().min(1).nullable() }).strict(),
]);
export type AuditActor = z.infer<typeof auditActorSchema>;

/** A plain JSON value, for an entry's before and after. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const jsonSchema: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]));

/** One act to record; `before`/`after` are absent where there was no state (a creation, a deletion). */
export const auditEventSchema = z
  .object({
    action: auditActionSchema,
    targetType: auditTargetTypeSchema,
    targetId: z.string().min(1),
    courseId: z.string().min(1).nullable(),
    before: jsonSchema.optional(),
    after: jsonSchema.optional(),
  })
  .strict();
export type AuditEvent = z.infer<typeof auditEventSchema>;
