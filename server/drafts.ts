import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { RequestError } from "./errors";
import { requireExerciseSettings } from "./submissions";

/** Saves the editor's content for a user the route let in (enrolled) and an exercise (last write wins). */
export async function saveDraft(db: PrismaClient, user: { id: string }, exerciseId: string, code: string) {
  const settings = requireExerciseSettings(exerciseId);
  if (Buffer.byteLength(code, "utf8") > settings.limits.codeSizeBytes) {
    throw new RequestError(
      413,
      "code_too_large",
      `Drafts are limited to ${settings.limits.codeSizeBytes} bytes, like submissions.`,
    );
  }
  await db.draft.upsert({
    where: { userId_exerciseId: { userId: user.id, exerciseId } },
    create: { userId: user.id, exerciseId, code },
    update: { code },
  });
}

/** The user's saved draft, or null. */
export async function findDraft(db: PrismaClient, userId: string, exerciseId: string): Promise<string | null> {
  const draft = await db.draft.findUnique({ where: { userId_exerciseId: { userId, exerciseId } } });
  return draft?.code ?? null;
}
