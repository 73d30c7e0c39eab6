import type { PrismaClient } from "../../generated/prisma/client";
import type { SubmissionRow } from "../submissions";

/**
 * How many submissions, anyone's, were queued before this one: what a learner watching "waiting for a grader" wants
 * to know. Only for a queued submission (undefined otherwise), so a result never pays for the count. One indexed
 * count on status; the queue's fair order may still take this one sooner.
 */
export async function waitingBefore(db: PrismaClient, row: SubmissionRow): Promise<number | undefined> {
  if (row.status !== "queued") return undefined;
  return db.submission.count({ where: { status: "queued", createdAt: { lt: row.createdAt } } });
}
