import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import type { CourseRole } from "../courses";

/** Someone an LMS names: its issuer, their `sub` there, and what it says of them. */
export interface LtiPerson {
  issuer: string;
  sub: string;
  name?: string | undefined;
  email?: string | undefined;
}

type Tx = Prisma.TransactionClient;

const ROLE = {
  // LIS vocabulary 2.0 context roles (LTI Core 1.3, A.2.3), and their deprecated simple names.
  instructor: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator", "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper", "Instructor", "Administrator", "ContentDeveloper"],
  ta: ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant", "http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant", "TeachingAssistant"],
} as const;

/**
 * The course role an LMS's roles claim gives: Instructor, Administrator or ContentDeveloper of the context make an
 * instructor; TeachingAssistant (a sub-role of Instructor, so checked first) a teaching assistant; anything else,
 * Learner included, a learner. Institution and system roles do not count: they say who someone is at the
 * school, not in this course.
 */
export function courseRoleFromLti(roles: readonly string[]): CourseRole {
  if (roles.some((role) => (ROLE.ta as readonly string[]).includes(role))) return "ta";
  if (roles.some((role) => (ROLE.instructor as readonly string[]).includes(role))) return "instructor";
  return "learner";
}

/**
 * The Pagewise user an LMS person is, created on their first launch or roster pull. Linked by (issuer, sub) only,
 * never by email: an LMS asserting someone's email must not sign it in as an existing account (an admin's, say).
 * The LMS's email becomes the new account's when no account has it yet; otherwise the account gets a stable
 * address under the reserved .invalid domain (RFC 2606), since every account needs a unique one.
 */
export async function findOrCreateLtiUser(tx: Tx, person: LtiPerson): Promise<{ userId: string; created: boolean }> {
  const link = await tx.ltiUser.findUnique({ where: { issuer_sub: { issuer: person.issuer, sub: person.sub } }, select: { userId: true } });
  if (link) return { userId: link.userId, created: false };
  const email = person.email && !(await tx.user.findUnique({ where: { email: person.email.toLowerCase() }, select: { id: true } })) ? person.email.toLowerCase() : placeholderEmail(person);
  const userId = randomUUID();
  await tx.user.create({ data: { id: userId, name: displayName(person), email, emailVerified: false, role: "learner" } });
  await tx.ltiUser.create({ data: { issuer: person.issuer, sub: person.sub, userId } });
  return { userId, created: true };
}

/**
 * Enrolls the user with the LMS's role, or changes their role to it: the LMS owns the membership of a course it
 * launches into. Returns what happened.
 */
export async function enrollFromLti(tx: Tx, userId: string, courseId: string, role: CourseRole): Promise<"added" | "updated" | "unchanged"> {
  const existing = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { role: true } });
  if (!existing) {
    await tx.enrollment.create({ data: { userId, courseId, role } });
    return "added";
  }
  if (existing.role === role) return "unchanged";
  await tx.enrollment.update({ where: { userId_courseId: { userId, courseId } }, data: { role } });
  return "updated";
}

function displayName(person: LtiPerson): string {
  const name = person.name?.trim();
  return name ? name.slice(0, 200) : "LMS user";
}

function placeholderEmail(person: LtiPerson): string {
  const digest = createHash("sha256").update(`${person.issuer}\u0000${person.sub}`).digest("hex").slice(0, 24);
  return `lti-${digest}@lms.invalid`;
}
