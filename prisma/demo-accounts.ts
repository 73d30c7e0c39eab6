import type { PrismaClient } from "../generated/prisma/client";
import { createCredentialUser } from "./credential-user";

/**
 * The demo accounts `npm run db:seed` creates for local use (README "Demo accounts"). Their password is public,
 * so the seed creates them only outside production and warns when a production database has them.
 */
export const DEMO_PASSWORD = "pagewise-demo";

export const demoAccounts = [
  { email: "learner@pagewise.local", name: "Demo Learner", role: "learner", courseRole: "learner" },
  { email: "instructor@pagewise.local", name: "Demo Instructor", role: "instructor", courseRole: "instructor" },
  { email: "admin@pagewise.local", name: "Demo Admin", role: "admin", courseRole: null },
] as const;

/**
 * Creates the missing demo accounts, restores their platform role, and enrols each one with a course role in every
 * course. Safe to run again: an existing demo account keeps its password and its work.
 */
export async function ensureDemoAccounts(db: PrismaClient, courses: readonly { id: string }[]): Promise<void> {
  for (const account of demoAccounts) {
    const existing = await db.user.findUnique({ where: { email: account.email } });
    const userId =
      existing?.id ??
      (await createCredentialUser(db, {
        email: account.email,
        name: account.name,
        role: account.role,
        password: DEMO_PASSWORD,
      }));
    if (existing && existing.role !== account.role)
      await db.user.update({ where: { id: userId }, data: { role: account.role } });
    if (!account.courseRole) continue;
    for (const course of courses) {
      await db.enrollment.upsert({
        where: { userId_courseId: { userId, courseId: course.id } },
        create: { userId, courseId: course.id, role: account.courseRole },
        update: { role: account.courseRole },
      });
    }
  }
}

/** The emails of the demo accounts present in this database (a production database should have none). */
export async function findDemoAccountEmails(db: PrismaClient): Promise<string[]> {
  const found = await db.user.findMany({
    where: { email: { in: demoAccounts.map((a) => a.email) } },
    select: { email: true },
  });
  return found.map((user) => user.email).sort();
}
