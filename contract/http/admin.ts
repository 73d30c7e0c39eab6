import { z } from "zod";

// The admin console's requests (/admin and /api/admin/*): users, course staff, and the platform's failed work.

export const platformRoleSchema = z.enum(["learner", "instructor", "admin"]);
export type PlatformRole = z.infer<typeof platformRoleSchema>;

/** The roles an admin hands out in one course: instructor (everything) or teaching assistant (read and grade). */
export const staffRoleSchema = z.enum(["instructor", "ta"]);
export type StaffRoleName = z.infer<typeof staffRoleSchema>;

export const STAFF_ROLE_LABELS: Record<StaffRoleName, string> = { instructor: "Instructor", ta: "Teaching assistant" };

// A field left empty in a GET form arrives as "".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** /admin/users: part of a name or email (or a user id), a role, enabled or disabled; `page` from 1. */
export const userSearchSchema = z.object({
  q: optional(z.string().trim().min(1).max(200)),
  role: optional(platformRoleSchema),
  status: optional(z.enum(["enabled", "disabled"])),
  page: optional(z.coerce.number().int().min(1).max(10_000)),
});
export type UserSearch = z.infer<typeof userSearchSchema>;

export const userParamsSchema = z.object({ userId: z.string().min(1).max(100) });

/** PUT /api/admin/users/:userId/role */
export const setRoleRequestSchema = z.object({ role: platformRoleSchema }).strict();

/** Why an admin disables an account: kept on the account and in the audit log. */
export const disableReasonSchema = z.string().trim().min(3, "say why, in at least 3 characters").max(500);

/** POST /api/admin/users/:userId/disable */
export const disableUserRequestSchema = z.object({ reason: disableReasonSchema }).strict();

/** POST /api/admin/users/:userId/enable (no body fields) */
export const enableUserRequestSchema = z.object({}).strict();

/** A user as the console shows them. */
export const adminUserViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: platformRoleSchema,
  /** ISO-8601, or null when they have not signed in since the console existed. */
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  disabled: z.object({ at: z.string(), reason: z.string() }).nullable(),
  /** Their enrollments: course and role in it. */
  courses: z.array(z.object({ courseId: z.string(), title: z.string(), role: z.string() })),
});
export type AdminUserView = z.infer<typeof adminUserViewSchema>;

export const adminUserResponseSchema = z.object({ user: adminUserViewSchema });
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;

/** POST /api/admin/courses/:courseId/staff: give a user (by email) a staff role in the course. */
export const addStaffRequestSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("must be an email address like name@example.com").max(254)),
    role: staffRoleSchema,
  })
  .strict();

export const staffParamsSchema = z.object({ courseId: z.string().min(1).max(200), userId: z.string().min(1).max(100) });

export const staffMemberViewSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: staffRoleSchema,
  /** When they joined the course (as staff, or first as a learner). ISO-8601. */
  since: z.string(),
});
export type StaffMemberView = z.infer<typeof staffMemberViewSchema>;

export const staffResponseSchema = z.object({ staff: z.array(staffMemberViewSchema) });
export type StaffResponse = z.infer<typeof staffResponseSchema>;

/** POST /api/admin/submissions/:submissionId/retry */
export const submissionParamsSchema = z.object({ submissionId: z.string().min(1).max(100) });
export const retrySubmissionRequestSchema = z.object({}).strict();
export const retrySubmissionResponseSchema = z.object({ submissionId: z.string(), status: z.literal("queued") });
