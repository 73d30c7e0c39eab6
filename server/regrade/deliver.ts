import type { PrismaClient } from "../../generated/prisma/client";
import type { Grader } from "../grading/grader";
import { IN_FLIGHT_STATUSES, type SubmissionRow, type Transaction } from "../grading/enqueue";
import { gradingRow, resultColumns, type ResultColumns } from "../grading/grading-history";
import { announceScoresQueued, queueLtiScores } from "../lti/ags/queue-score";

/** Why a regrade item could not be graded: the platform's fault, recorded on the item (the submission is untouched). */
const REGRADE_FAILED = "The grader failed on this submission during the regrade; its grade was left as it was.";

export interface RegradeDeliveryOptions {
  db: PrismaClient;
  grader: Grader;
  maxDeliveries: number;
}

export type RegradeOutcome = "stored" | "already_done" | "failed";

/**
 * Grades one regrade item: the submission's code, with the seeds it was first graded with (so an unchanged exercise
 * gives the same result), against the exercise version the run regrades to. Like a submission's job it is claimed
 * only while not done and stored only while not done, so a duplicate delivery changes nothing; the grading is kept
 * (kind "regrade", or "preview" for a dry run), and unless the run is a dry run the submission takes the new result
 * when its score or its exercise version changed, remembering the old score for the learner ("regraded: 7 -> 9").
 */
export async function deliverRegrade(options: RegradeDeliveryOptions, itemId: string, rank: number): Promise<RegradeOutcome> {
  const { db } = options;
  const [item] = await db.regradeItem.updateManyAndReturn({
    where: { id: itemId, status: { in: [...IN_FLIGHT_STATUSES] } },
    data: { status: "running", attempts: { increment: 1 } },
  });
  if (!item) return "already_done";
  if (item.attempts > options.maxDeliveries) {
    await failRegradeItem(db, itemId, "Its grader kept failing (the platform's fault, not the code's); its grade was left as it was.");
    return "failed";
  }
  const [run, submission, first] = await Promise.all([
    db.regradeRun.findUniqueOrThrow({ where: { id: item.runId }, select: { id: true, dryRun: true, exerciseVersion: true } }),
    db.submission.findUniqueOrThrow({ where: { id: item.submissionId } }),
    db.grading.findFirst({ where: { submissionId: item.submissionId, kind: "submit" }, orderBy: { createdAt: "asc" }, select: { hiddenSeed: true } }),
  ]);
  // Every graded submission has its first grading (written with its result; backfilled for older ones).
  const hiddenSeed = first?.hiddenSeed;
  if (!hiddenSeed) {
    await failRegradeItem(db, itemId, "This submission has no record of the hidden checks it was graded with; it was left as it was.");
    return "failed";
  }
  const result = await options.grader.grade(
    { exerciseId: submission.exerciseId, exerciseVersion: run.exerciseVersion, code: submission.code, seed: submission.seed, hiddenSeed },
    { priority: -rank },
  );
  if (result.status === "internal_error") {
    await failRegradeItem(db, itemId, REGRADE_FAILED);
    return "failed";
  }
  const columns = resultColumns(result, submission.credit);
  const { stored, queued } = await db.$transaction(async (tx) => {
    const grading = await tx.grading.create({ data: gradingRow(submission.id, run.dryRun ? "preview" : "regrade", result, columns, run.id) });
    const { count } = await tx.regradeItem.updateMany({
      where: { id: itemId, status: { in: [...IN_FLIGHT_STATUSES] } },
      data: { status: "done", oldScore: submission.score, newScore: columns.score, gradingId: grading.id, finishedAt: new Date() },
    });
    if (count === 0) throw new DuplicateDelivery();
    const scoreChanged = !run.dryRun && (await applyToSubmission(tx, submission, columns, run.exerciseVersion));
    // A changed score may change the learner's grade: it goes to the LMS gradebooks their launches named (AGS),
    // committed with the regrade.
    const queued = scoreChanged ? await queueLtiScores(tx, { userId: submission.userId, exerciseId: submission.exerciseId, submissionId: null }) : 0;
    return { stored: true, queued };
  }).catch((error: unknown) => {
    if (error instanceof DuplicateDelivery) return { stored: false, queued: 0 };
    throw error;
  });
  if (queued > 0) announceScoresQueued(); // committed: this process's deliverer may send it now
  await finishRunIfDone(db, run.id);
  return stored ? "stored" : "already_done";
}

/**
 * The submission takes the regrade's result when its score or its exercise version changes; else it stays as it was.
 * Returns whether its score changed.
 */
async function applyToSubmission(tx: Transaction, submission: SubmissionRow, columns: ResultColumns, exerciseVersion: string): Promise<boolean> {
  const scoreChanged = columns.score !== submission.score;
  if (!scoreChanged && exerciseVersion === submission.exerciseVersion) return false;
  await tx.submission.update({
    where: { id: submission.id },
    data: {
      ...columns,
      exerciseVersion,
      ...(scoreChanged ? { regradedFrom: submission.score, regradedAt: new Date() } : {}),
    },
  });
  return scoreChanged;
}

/** Ends an item as failed (unless it is done already) and the run once nothing of it is left to grade. */
export async function failRegradeItem(db: PrismaClient, itemId: string, message: string): Promise<void> {
  const [item] = await db.regradeItem.updateManyAndReturn({
    where: { id: itemId, status: { in: [...IN_FLIGHT_STATUSES] } },
    data: { status: "failed", message, finishedAt: new Date() },
  });
  if (item) await finishRunIfDone(db, item.runId);
}

async function finishRunIfDone(db: PrismaClient, runId: string): Promise<void> {
  const left = await db.regradeItem.count({ where: { runId, status: { in: [...IN_FLIGHT_STATUSES] } } });
  if (left === 0) await db.regradeRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "done", finishedAt: new Date() } });
}

class DuplicateDelivery extends Error {}
