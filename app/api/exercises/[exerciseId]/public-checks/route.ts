import { encodePublicChecks } from "@/content/kit/check-wire";
import { getDb } from "@/server/db";
import { requireUser, respond } from "@/server/http";
import { findPublicChecks } from "@/server/public-checks";
import { learnerSeed } from "@/server/seeds";
import { requireExerciseAccess } from "@/server/submissions";

/**
 * The signed-in learner's public checks for an exercise and the reference's answers to them, for the
 * browser's Run worker. Never the reference's code, never a hidden check.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const { exerciseId } = await params;
    await requireExerciseAccess(getDb(), user, exerciseId);
    const seed = learnerSeed(user.id, exerciseId);
    const checks = findPublicChecks(exerciseId, seed);
    return Response.json(encodePublicChecks(exerciseId, seed, checks.groups, checks.expected), {
      headers: { "cache-control": "private, max-age=3600" },
    });
  });
}
