import "server-only";
import type { ExtensionView, GrantExtensionRequest } from "../contract/http/extensions";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { RequestError } from "./errors";

const extensionInclude = {
  user: { select: { name: true, email: true } },
  grantedBy: { select: { name: true } },
} as const;

type ExtensionRow = Prisma.ExtensionGetPayload<{ include: typeof extensionInclude }>;

/**
 * Grants (or replaces) a learner's extension on one of the course's exercises. The learner is found by email among
 * the course's enrolled learners and the exercise among the course's exercises: anything else is a 404 that says
 * which, so an instructor's typo is not granted to nobody.
 */
export async function grantExtension(
  db: PrismaClient,
  courseId: string,
  grantedById: string,
  request: GrantExtensionRequest,
): Promise<ExtensionView> {
  const email = request.userEmail.trim().toLowerCase();
  const learner = await db.user.findFirst({
    where: { email, enrollments: { some: { courseId, role: "learner" } } },
    select: { id: true },
  });
  if (!learner) throw new RequestError(404, "learner_not_found", `No learner enrolled in this course has the email ${email}.`);
  const exercise = await db.exercise.findFirst({ where: { id: request.exerciseId, courseId }, select: { id: true } });
  if (!exercise) throw new RequestError(404, "exercise_not_found", `This course has no exercise "${request.exerciseId}".`);
  const data = { courseId, until: new Date(request.until), credit: request.credit, grantedById, createdAt: new Date() };
  const row = await db.extension.upsert({
    where: { userId_exerciseId: { userId: learner.id, exerciseId: exercise.id } },
    create: { userId: learner.id, exerciseId: exercise.id, ...data },
    update: data,
    include: extensionInclude,
  });
  return toExtensionView(row);
}

/** The course's extensions, soonest ending first. */
export async function listExtensions(db: PrismaClient, courseId: string): Promise<ExtensionView[]> {
  const rows = await db.extension.findMany({ where: { courseId }, include: extensionInclude, orderBy: [{ until: "asc" }, { createdAt: "asc" }] });
  return rows.map(toExtensionView);
}

/** Revokes one of the course's extensions; another course's (or a missing) id is a 404. */
export async function revokeExtension(db: PrismaClient, courseId: string, extensionId: string): Promise<void> {
  const { count } = await db.extension.deleteMany({ where: { id: extensionId, courseId } });
  if (count === 0) throw new RequestError(404, "extension_not_found", "There is no such extension in this course.");
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
