import "server-only";
import { scoreDeliveryStateSchema, type ScoreDeliveryState, type ScoreDeliverySummary, type ScoreDeliveryView } from "../../../contract/lti-deliveries";
import type { PrismaClient } from "../../../generated/prisma/client";

export interface ScoreDeliveryQuery {
  /** One course's deliveries; every course's when absent (admins). */
  courseId?: string;
  /** Only these states; every state when absent or empty. */
  states?: readonly string[];
  limit: number;
}

/** The newest deliveries first, with who and what they are about (names read in two grouped queries, not per row). */
export async function listScoreDeliveries(db: PrismaClient, query: ScoreDeliveryQuery): Promise<ScoreDeliveryView[]> {
  const states = (query.states ?? []).filter((state): state is ScoreDeliveryState => scoreDeliveryStateSchema.safeParse(state).success);
  const rows = await db.ltiScore.findMany({
    where: { ...(query.courseId ? { courseId: query.courseId } : {}), ...(states.length > 0 ? { state: { in: states } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.max(0, Math.min(query.limit, 1_000)),
    include: { platform: { select: { name: true } } },
  });
  // LtiScore names its learner and exercise by id only (no relation): their names come from two queries for the page.
  const [users, exercises] = await Promise.all([
    db.user.findMany({ where: { id: { in: unique(rows.map((row) => row.userId)) } }, select: { id: true, name: true, email: true } }),
    db.exercise.findMany({ where: { id: { in: unique(rows.map((row) => row.exerciseId)) } }, select: { id: true, title: true } }),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const exerciseById = new Map(exercises.map((exercise) => [exercise.id, exercise]));
  return rows.map((row) => ({
    id: row.id,
    courseId: row.courseId,
    learner: userById.get(row.userId) ?? { id: row.userId, name: "(deleted user)", email: "" },
    exercise: exerciseById.get(row.exerciseId) ?? { id: row.exerciseId, title: row.exerciseId },
    platformName: row.platform.name,
    scoreGiven: row.scoreGiven,
    scoreMaximum: row.scoreMaximum,
    state: scoreDeliveryStateSchema.catch("pending").parse(row.state),
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    producedAt: row.producedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  }));
}

/** How many deliveries are in each state, of one course or of all. */
export async function scoreDeliverySummary(db: PrismaClient, courseId?: string): Promise<ScoreDeliverySummary> {
  const groups = await db.ltiScore.groupBy({ by: ["state"], where: courseId ? { courseId } : {}, _count: { _all: true } });
  const summary: ScoreDeliverySummary = { pending: 0, delivered: 0, superseded: 0, failed: 0 };
  for (const group of groups) {
    const state = scoreDeliveryStateSchema.safeParse(group.state);
    if (state.success) summary[state.data] = group._count._all;
  }
  return summary;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
