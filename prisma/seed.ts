import "dotenv/config";
import { loadCourses } from "../content/kit/course-loader";
import { createPrismaClient } from "../server/db-client";
import { contentRoot } from "../server/content/repository";
import { cliActor } from "../server/audit/actors";
import { syncContent } from "../server/content/sync";
import { DEMO_PASSWORD, demoAccounts, ensureDemoAccounts, findDemoAccountEmails } from "./demo-accounts";

/**
 * Seeds the database: syncs every course from content/, then, outside production only, creates the demo accounts
 * (their password is in the README). With NODE_ENV=production it creates no account at all: the first admin comes
 * from `npm run admin:create`. Safe to run again: it upserts and never deletes learners' work.
 */
async function main() {
  const db = createPrismaClient(process.env.DATABASE_URL ?? "file:./data/pagewise.db");
  try {
    const courses = await loadCourses(contentRoot());
    const synced = await syncContent(db, courses, cliActor("npm run db:seed"));
    console.log(`Content: ${synced.courses} course(s), ${synced.lessons} lesson(s), ${synced.exercises} exercise(s).`);
    if (process.env.NODE_ENV === "production") {
      console.log(
        "No accounts created (NODE_ENV=production). Create the first admin with: npm run admin:create -- --email you@example.com",
      );
      warnAboutDemoAccounts(await findDemoAccountEmails(db));
      return;
    }
    await ensureDemoAccounts(db, courses);
    console.log(`Demo accounts (password "${DEMO_PASSWORD}"): ${demoAccounts.map((a) => a.email).join(", ")}`);
  } finally {
    await db.$disconnect();
  }
}

// Loud but not fatal: deleting accounts is the operator's call, and they may have changed the passwords already.
function warnAboutDemoAccounts(emails: string[]) {
  if (emails.length === 0) return;
  console.error(
    [
      "",
      "!!! WARNING: this production database has demo accounts, whose password is published in the README:",
      ...emails.map((email) => `!!!   ${email}`),
      "!!! Anyone can sign in as them unless their passwords were changed. Delete them before exposing the server.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
