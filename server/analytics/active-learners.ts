import "server-only";
import { z } from "zod";
import type { ActiveLearnersDay } from "../../contract/analytics";
import { Prisma, type PrismaClient } from "../../generated/prisma/client";
import { isPostgresClient } from "../db-client";

const DAY_MS = 86_400_000;
/** Days shown, the last one today. */
export const ACTIVITY_DAYS = 30;

// One row per day with anyone active: the day (YYYY-MM-DD) and how many learners. PostgreSQL counts in bigint.
const dayRowsSchema = z.array(
  z.object({
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    learners: z.union([z.number(), z.bigint()]).transform(Number),
  }),
);

/**
 * Distinct learners of the course active on each of the last 30 UTC days, the last one the day `now` is in: a
 * submission of one of its exercises made that day (any status), a lesson of it first or last opened, a knowledge
 * check of it first or last answered. A lower bound (contract/analytics.ts): visits and answers keep only two times each.
 *
 * One query that counts in the database and returns at most 30 rows: a month of a 1,000-learner course is ~100,000
 * (learner, time) pairs, far too many to bring over one by one. Only the day of a timestamp differs between engines.
 */
export async function activeLearnersPerDay(
  db: PrismaClient,
  courseId: string,
  now: Date,
): Promise<ActiveLearnersDay[]> {
  const end = (Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS;
  const start = end - ACTIVITY_DAYS * DAY_MS;
  const from = new Date(start);
  const to = new Date(end);
  // Prisma keeps DateTime as TIMESTAMP(3) in UTC on PostgreSQL and as ISO-8601 text on SQLite (date() reads its offset).
  const day = (column: string) =>
    Prisma.raw(isPostgresClient(db) ? `to_char(${column}, 'YYYY-MM-DD')` : `date(${column})`);
  const inWindow = (column: string) => Prisma.sql`${Prisma.raw(column)} >= ${from} AND ${Prisma.raw(column)} < ${to}`;
  // Each part starts from the course's learners (Enrollment by courseId), so staff never count and the submissions
  // are read from their (userId, exerciseId, createdAt) index alone. UNION keeps each (learner, day) once.
  const rows = await db.$queryRaw`
    SELECT a.day AS day, COUNT(*) AS learners FROM (
      SELECT s."userId" AS "userId", ${day('s."createdAt"')} AS day FROM "Enrollment" e
        JOIN "Submission" s ON s."userId" = e."userId" AND s."exerciseId" IN (SELECT x."id" FROM "Exercise" x WHERE x."courseId" = ${courseId})
        WHERE e."courseId" = ${courseId} AND e."role" = 'learner' AND ${inWindow('s."createdAt"')}
      UNION
      SELECT v."userId", ${day('v."firstVisitedAt"')} FROM "Enrollment" e
        JOIN "LessonVisit" v ON v."userId" = e."userId" JOIN "Lesson" l ON l."id" = v."lessonId" AND l."courseId" = e."courseId"
        WHERE e."courseId" = ${courseId} AND e."role" = 'learner' AND ${inWindow('v."firstVisitedAt"')}
      UNION
      SELECT v."userId", ${day('v."lastVisitedAt"')} FROM "Enrollment" e
        JOIN "LessonVisit" v ON v."userId" = e."userId" JOIN "Lesson" l ON l."id" = v."lessonId" AND l."courseId" = e."courseId"
        WHERE e."courseId" = ${courseId} AND e."role" = 'learner' AND ${inWindow('v."lastVisitedAt"')}
      UNION
      SELECT k."userId", ${day('k."createdAt"')} FROM "Enrollment" e
        JOIN "KnowledgeCheckAnswer" k ON k."userId" = e."userId" AND k."courseId" = e."courseId"
        WHERE e."courseId" = ${courseId} AND e."role" = 'learner' AND ${inWindow('k."createdAt"')}
      UNION
      SELECT k."userId", ${day('k."updatedAt"')} FROM "Enrollment" e
        JOIN "KnowledgeCheckAnswer" k ON k."userId" = e."userId" AND k."courseId" = e."courseId"
        WHERE e."courseId" = ${courseId} AND e."role" = 'learner' AND ${inWindow('k."updatedAt"')}
    ) a GROUP BY a.day`;
  const counts = new Map(dayRowsSchema.parse(rows).map((row) => [row.day, row.learners]));
  return Array.from({ length: ACTIVITY_DAYS }, (_, i) => {
    const date = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    return { day: date, learners: counts.get(date) ?? 0 };
  });
}
