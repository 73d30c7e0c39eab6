import { z } from "zod";

/** What the audit log records (server/audit): every privileged act, by name, "<what>.<verb>". Kept once written. */
export const auditActionSchema = z.enum([
  "extension.grant",
  "extension.revoke",
  "override.set",
  "regrade.start",
  "admin.create",
  "admin.promote",
  "content.sync",
  "user.role",
  "user.disable",
  "user.enable",
  "staff.add",
  "staff.remove",
  "auth.sign_in_failures",
  "submission.retry",
  "lti.register",
  "lti.rotate_key",
  "lti.roster_pull",
  "lti.score_retry",
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** Plain words for each action, for the log's filter and its rows. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "extension.grant": "Extension granted",
  "extension.revoke": "Extension revoked",
  "override.set": "Grade set by hand",
  "regrade.start": "Regrade started",
  "admin.create": "Admin created",
  "admin.promote": "Made an admin",
  "content.sync": "Content changed",
  "user.role": "Role changed",
  "user.disable": "Account disabled",
  "user.enable": "Account enabled",
  "staff.add": "Course staff added",
  "staff.remove": "Course staff removed",
  "auth.sign_in_failures": "Repeated failed sign-ins",
  "submission.retry": "Failed submission retried",
  "lti.register": "LMS platform registered",
  "lti.rotate_key": "LTI signing key rotated",
  "lti.roster_pull": "Roster pulled from the LMS",
  "lti.score_retry": "LMS grade delivery retried",
};

// A filter field left empty in the form arrives as "".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day as YYYY-MM-DD").refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), "a real day");

/**
 * The audit log's filters, in the page's query string and the CSV export's alike (/admin/audit, /admin/audit.csv,
 * /courses/:courseId/audit, /courses/:courseId/audit.csv): one action; an actor (part of the email or command, or a
 * user id); a target (part of its id: a grade's id is "<learner id>:<exercise id>"); a course (admins only: an
 * instructor's log is their course's); days from and to (UTC, both included); and `before`, the id of the last
 * entry of the previous page (entries come newest first).
 */
export const auditFilterSchema = z.object({
  action: optional(auditActionSchema),
  actor: optional(z.string().trim().min(1).max(200)),
  target: optional(z.string().trim().min(1).max(200)),
  course: optional(z.string().trim().min(1).max(200)),
  from: optional(day),
  to: optional(day),
  before: optional(z.string().min(1).max(100)),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** GET .../audit.csv: the same filters; every matching entry (no page). */
export const auditCsvQuerySchema = auditFilterSchema.omit({ before: true }).strict();

/** One entry as the log shows it (server/audit/query.ts). before/after are the recorded JSON text. */
export interface AuditEntryView {
  id: string;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string | null;
  address: string | null;
  action: string;
  targetType: string;
  targetId: string;
  courseId: string | null;
  before: string | null;
  after: string | null;
}
