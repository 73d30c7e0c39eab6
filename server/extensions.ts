import "server-only";
import type { ExtensionView, GrantExtensionRequest } from "../contract/http/extensions";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { auditedTransaction, recordAudit } from "./audit/record";
import type { UserActor } from "./audit/actors";
import { RequestError } from "./errors";

const extensionInclude = {
  user: { select: { name: true, email: true } },
  grantedBy: { select: { name: true } },
} as const;

type ExtensionRow = Prisma.ExtensionGetPayload<{ include: typeof extensionInclude }>;

/**
 * Grants (or replaces) a learner's extension on one of the course's exercises. The learner is found by email among
 * the course's enrolled learners and the exercise among the course's exercises: anything else is a 404 that says
 * which, so an instructor's typo is not granted to nobody. Recorded in the audit log with the extension it replaced.
 */
export async function grantExtension(db: PrismaClient, courseId: string, actor: UserActor, request: GrantExtensionRequest): Promise<ExtensionView> {
  const email = request.userEmail.trim().toLowerCase();
  return auditedTransaction(db, async (tx) => {
    const learner = await tx.user.findFirst({
      where: { email, enrollments: { some: { courseId, role: "learner" } } },
      select: { id: true },
    });
    if (!learner) throw new RequestError(404, "learner_not_found", `No learner enrolled in this course has the email ${email}.`);
    const exercise = await tx.exercise.findFirst({ where: { id: request.exerciseId, courseId }, select: { id: true } });
    if (!exercise) throw new RequestError(404, "exercise_not_found", `This course has no exercise "${request.exerciseId}".`);
    const key = { userId_exerciseId: { userId: learner.id, exerciseId: exercise.id } };
    const previous = await tx.extension.findUnique({ where: key, select: { until: true, credit: true } });
    const data = { courseId, until: new Date(request.until), credit: request.credit, grantedById: actor.userId, createdAt: new Date() };
    const row = await tx.extension.upsert({
      where: key,
      create: { userId: learner.id, exerciseId: exercise.id, ...data },
      update: data,
      include: extensionInclude,
    });
    const about = { learner: email, exerciseId: exercise.id };
    await recordAudit(tx, actor, {
      action: "extension.grant",
      targetType: "extension",
      targetId: row.id,
      courseId,
      ...(previous ? { before: { ...about, until: previous.until.toISOString(), credit: previous.credit } } : {}),
      after: { ...about, until: row.until.toISOString(), credit: row.credit },
    });
    return toExtensionView(row);
  });
}

/** The course's extensions, soonest ending first. */
export async function listExtensions(db: PrismaClient, courseId: string): Promise<ExtensionView[]> {
  const rows = await db.extension.findMany({ where: { courseId }, include: extensionInclude, orderBy: [{ until: "asc" }, { createdAt: "asc" }] });
  return rows.map(toExtensionView);
}

/** Revokes one of the course's extensions; another course's (or a missing) id is a 404. Recorded in the audit log. */
export async function revokeExtension(db: PrismaClient, courseId: string, actor: UserActor, extensionId: string): Promise<void> {
  await auditedTransaction(db, async (tx) => {
    const row = await tx.extension.findFirst({ where: { id: extensionId, courseId }, include: { user: { select: { email: true } } } });
    const { count } = await tx.extension.deleteMany({ where: { id: extensionId, courseId } });
    if (!row || count === 0) throw new RequestError(404, "extension_not_found", "There is no such extension in this course.");
    await recordAudit(tx, actor, {
      action: "extension.revoke",
      targetType: "extension",
      targetId: row.id,
      courseId,
      before: { learner: row.user.email, exerciseId: row.exerciseId, until: row.until.toISOString(), credit: row.credit },
    });
  });
}

function toExtensionView(row: ExtensionRow): ExtensionView {
  return {
    id: row.id,
    courseId: row.courseId,
    exerciseId: row.exerciseId,
    userId: row.userId,
    userName: row.user.name,
    userEmail: row.user.email,
    until: row.until.toISOString(),
    credit: row.credit,
    grantedBy: row.grantedBy?.name ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
