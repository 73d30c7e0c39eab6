import type { PrismaClient } from "../../generated/prisma/client";
import type { AuditActor } from "../audit/actions";
import { recordAudit, takeWriteLock } from "../audit/record";
import { RequestError } from "../errors";
import type { GradingQueue } from "../grading/queue";

export interface StartRegrade {
  exerciseId: string;
  /** When given, the exercise must belong to this course (a guard against regrading the wrong course's work). */
  courseId?: string;
  /** Grade, but change no submission: a preview of the changes. */
  dryRun: boolean;
  /** Who started it: the instructor who pressed the button, or the operator's `npm run regrade`. */
  actor: AuditActor;
}

export interface RegradeStarted {
  runId: string;
  exerciseId: string;
  exerciseVersion: string;
  total: number;
}

/**
 * Starts a regrade of every graded submission of the exercise against its current version (the database's copy of
 * content/, which the caller has synced), through the grading queue: the run, one item per submission, their
 * jobs and the audit log's entry are stored together. A submission still being graded, or failed by the platform,
 * is not regraded.
 */
export async function startRegrade(db: PrismaClient, queue: Pick<GradingQueue, "enqueueRegrade">, request: StartRegrade): Promise<RegradeStarted> {
  const exercise = await db.exercise.findUnique({ where: { id: request.exerciseId }, select: { id: true, courseId: true, contentHash: true } });
  if (!exercise) throw new RequestError(404, "exercise_not_found", `There is no exercise "${request.exerciseId}".`);
  if (request.courseId !== undefined && exercise.courseId !== request.courseId) {
    throw new RequestError(404, "exercise_not_found", `The course "${request.courseId}" has no exercise "${request.exerciseId}" (it is in "${exercise.courseId}").`);
  }
  let started: RegradeStarted | null = null;
  await queue.enqueueRegrade(async (tx) => {
    // The queue opens this transaction; the lock first, as in every audited act (server/audit/record.ts).
    await takeWriteLock(tx);
    const submissions = await tx.submission.findMany({ where: { exerciseId: exercise.id, status: "graded" }, orderBy: { createdAt: "asc" }, select: { id: true, userId: true } });
    const run = await tx.regradeRun.create({
      data: { exerciseId: exercise.id, exerciseVersion: exercise.contentHash, dryRun: request.dryRun, requestedById: request.actor.kind === "user" ? request.actor.userId : null, total: submissions.length, ...(submissions.length === 0 ? { status: "done", finishedAt: new Date() } : {}) },
    });
    started = { runId: run.id, exerciseId: exercise.id, exerciseVersion: exercise.contentHash, total: submissions.length };
    await recordAudit(tx, request.actor, {
      action: "regrade.start",
      targetType: "regrade",
      targetId: run.id,
      courseId: exercise.courseId,
      after: { exerciseId: exercise.id, exerciseVersion: exercise.contentHash, dryRun: request.dryRun, submissions: submissions.length },
    });
    if (submissions.length === 0) return [];
    await tx.regradeItem.createMany({ data: submissions.map((s) => ({ runId: run.id, submissionId: s.id, userId: s.userId })) });
    const items = await tx.regradeItem.findMany({ where: { runId: run.id }, select: { id: true, submissionId: true, userId: true } });
    return items.map((item) => ({ submissionId: item.submissionId, userId: item.userId, regradeItemId: item.id }));
  });
  if (!started) throw new Error("the regrade was not stored");
  return started;
}

export interface RegradeChange {
  submissionId: string;
  userId: string;
  name: string;
  email: string;
  oldScore: number | null;
  newScore: number | null;
}

export interface RegradeProgress {
  runId: string;
  exerciseId: string;
  exerciseVersion: string;
  dryRun: boolean;
  status: "running" | "done";
  total: number;
  /** Items graded (changed or not). */
  regraded: number;
  changed: number;
  failed: number;
  /** Items not yet graded. */
  pending: number;
  /** Every item whose score changed (or would, in a dry run), with old and new scores. */
  changes: RegradeChange[];
  /** Why items failed, one line each (at most 20). */
  failures: string[];
}

/** Where a regrade stands: counts and the score changes so far. Null for an unknown run. */
export async function regradeProgress(db: PrismaClient, runId: string): Promise<RegradeProgress | null> {
  const run = await db.regradeRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const counts = await db.regradeItem.groupBy({ by: ["status"], where: { runId }, _count: { _all: true } });
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
  const done = await db.regradeItem.findMany({
    where: { runId, status: "done" },
    select: { submissionId: true, userId: true, oldScore: true, newScore: true, submission: { select: { user: { select: { name: true, email: true } } } } },
    orderBy: { submission: { createdAt: "asc" } },
  });
  const changes = done
    .filter((item) => item.oldScore !== item.newScore)
    .map((item) => ({ submissionId: item.submissionId, userId: item.userId, name: item.submission.user.name, email: item.submission.user.email, oldScore: item.oldScore, newScore: item.newScore }));
  const failures = await db.regradeItem.findMany({ where: { runId, status: "failed" }, select: { submissionId: true, message: true }, take: 20 });
  return {
    runId: run.id,
    exerciseId: run.exerciseId,
    exerciseVersion: run.exerciseVersion,
    dryRun: run.dryRun,
    status: run.status === "done" ? "done" : "running",
    total: run.total,
    regraded: count("done"),
    changed: changes.length,
    failed: count("failed"),
    pending: count("queued") + count("running"),
    changes,
    failures: failures.map((f) => `${f.submissionId}: ${f.message ?? "failed"}`),
  };
}
