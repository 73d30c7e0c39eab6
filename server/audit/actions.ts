import { z } from "zod";

// What the audit log records (docs/decisions/0154-the-audit-log.md): every privileged act, by name. A name is
// "<what>.<verb>"; the admin console and the CSV export filter by these, so they are kept once written.

export const auditActionSchema = z.enum([
  "extension.grant",
  "extension.revoke",
  "override.set",
  "regrade.start",
  "admin.create",
  "admin.promote",
  "content.sync",
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** A grade's id is "<learner's user id>:<exercise id>": "who changed this grade" is one filter on it. */
export const auditTargetTypeSchema = z.enum(["user", "extension", "grade", "regrade", "exercise", "course"]);
export type AuditTargetType = z.infer<typeof auditTargetTypeSchema>;

/** Who acted: a signed-in user (with the request's client address), an operator's command, or the platform itself. */
export const auditActorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string().min(1), email: z.string().min(1), address: z.string().min(1).nullable() }).strict(),
  z.object({ kind: z.literal("cli"), command: z.string().min(1) }).strict(),
  z.object({ kind: z.literal("platform") }).strict(),
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
