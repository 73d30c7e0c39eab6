import "dotenv/config";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { loadCourses } from "../content/kit/course-loader";
import { createPrismaClient } from "../server/db-client";
import { contentRoot } from "../server/content/repository";
import { syncContent } from "../server/content/sync";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts";

/**
 * Seeds the database: syncs every course from content/ and creates the demo accounts (enrolled in
 * every course with their course role). Safe to run again: it upserts and never deletes learners' work.
 */
async function main() {
  const db = createPrismaClient(process.env.DATABASE_URL ?? "file:./data/pagewise.db");
  try {
    const courses = await loadCourses(contentRoot);
    const synced = await syncContent(db, courses);
    console.log(`Content: ${synced.courses} course(s), ${synced.lessons} lesson(s), ${synced.exercises} exercise(s).`);
    for (const account of demoAccounts) {
      const existing = await db.user.findUnique({ where: { email: account.email } });
      const userId = existing?.id ?? randomUUID();
      const user =
        existing ??
        (await db.user.create({
          data: {
            id: userId,
            email: account.email,
            name: account.name,
            role: account.role,
            emailVerified: true,
            // better-auth's own hash and account shape (accountId = user id), so its sign-in accepts the password.
            accounts: { create: { id: randomUUID(), accountId: userId, providerId: "credential", password: await hashPassword(DEMO_PASSWORD) } },
          },
        }));
      if (existing && existing.role !== account.role) await db.user.update({ where: { id: user.id }, data: { role: account.role } });
      if (account.courseRole) {
        for (const course of courses) {
          await db.enrollment.upsert({
            where: { userId_courseId: { userId: user.id, courseId: course.id } },
            create: { userId: user.id, courseId: course.id, role: account.courseRole },
            update: { role: account.courseRole },
          });
        }
      }
    }
    console.log(`Demo accounts (password "${DEMO_PASSWORD}"): ${demoAccounts.map((a) => a.email).join(", ")}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
