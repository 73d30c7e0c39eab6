import "server-only";
import { accessAt, graceBudgetFor, type AccessDecision, type LearnerSchedule } from "../../content/kit/access";
import type { PrismaClient } from "../../generated/prisma/client";
import { RequestError } from "../errors";
import type { DecideTerms, SubmissionTerms, Transaction } from "../grading/enqueue";
import type { AccessRules } from "./rules";

type Db = PrismaClient | Transaction;

/**
 * The learner's schedule for one exercise: the exercise's windows, the learner's extension and grace days. Costs no
 * query for an exercise without windows (always open), one for the extension, one more when the course has grace days.
 */
export async function learnerSchedule(db: Db, userId: string, rules: AccessRules): Promise<LearnerSchedule> {
  if (!rules.windows) return { windows: null, extension: null, grace: null };
  const extension = await db.extension.findUnique({
    where: { userId_exerciseId: { userId, exerciseId: rules.exerciseId } },
    select: { until: true, credit: true },
  });
  if (rules.graceDays <= 0) return { windows: rules.windows, extension, grace: null };
  const spent = await graceDaysSpent(db, userId, rules.courseId);
  return { windows: rules.windows, extension, grace: graceBudgetFor(rules.graceDays, spent, rules.exerciseId) };
}

/**
 * Grace days the learner has spent in the course, per exercise: the most any of its submissions needed. A
 * submission the platform failed to grade spent nothing (it was never a verdict, like an attempt).
 */
export async function graceDaysSpent(db: Db, userId: string, courseId: string): Promise<Map<string, number>> {
  const rows = await db.submission.groupBy({
    by: ["exerciseId"],
    where: { userId, creditReason: "grace", status: { not: "failed" }, exercise: { courseId } },
    _max: { graceDays: true },
  });
  return new Map(rows.map((row) => [row.exerciseId, row._max.graceDays ?? 0]));
}

/** The terms a submission is accepted on now, for the queue to decide inside the learner's critical section. */
export function submissionTerms(userId: string, rules: AccessRules, clock: () => Date = () => new Date()): DecideTerms {
  return async (tx) => {
    const acceptedAt = clock();
    const decision = accessAt(await learnerSchedule(tx, userId, rules), acceptedAt);
    return termsOrRefusal(decision, acceptedAt);
  };
}

/** An open decision as stored terms; a closed or not yet open exercise as a 403 that says when. */
export function termsOrRefusal(decision: AccessDecision, acceptedAt: Date): SubmissionTerms {
  if (decision.open) {
    const { credit, reason, windowIndex, graceDays } = decision;
    return { acceptedAt, credit, creditReason: reason, windowIndex, graceDays };
  }
  if (decision.reason === "not_open_yet") {
    throw new RequestError(403, "exercise_not_open", `This exercise opens at ${formatInstant(decision.opensAt)}; it accepts no submissions before then.`);
  }
  throw new RequestError(403, "exercise_closed", `This exercise closed at ${formatInstant(decision.closedAt)}; it accepts no more submissions.`);
}

/** "2027-02-01 22:59 UTC": a server's message cannot know the reader's zone, so it names UTC. */
export function formatInstant(at: Date): string {
  const iso = at.toISOString();
  const seconds = iso.slice(17, 19) === "00" && iso.slice(20, 23) === "000" ? "" : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}
