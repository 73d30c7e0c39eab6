import { exerciseParamsSchema } from "@/contract/http/exercises";
import type { PublicChecksJson } from "@/contract/http/public-checks";
import { encodePublicChecks } from "@/grader/shared/public-checks-codec";
import { findPublicChecks } from "@/server/public-checks";
import { enrolledInExercise } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { learnerSeed } from "@/server/seeds";

/**
 * The signed-in learner's public checks for an exercise and the reference's answers to them, for the
 * browser's Run worker. Never the reference's code, never a hidden check.
 */
export const GET = route()
  .params(exerciseParamsSchema)
  .access(enrolledInExercise(({ params }) => params.exerciseId))
  .handle(async ({ grant }) => {
    const exerciseId = grant.exercise.id;
    const seed = learnerSeed(grant.user.id, exerciseId);
    const checks = findPublicChecks(exerciseId, seed);
    const body: PublicChecksJson = encodePublicChecks(exerciseId, seed, checks.groups, checks.expected);
    return Response.json(body, {
      headers: { "cache-control": "private, max-age=3600" },
    });
  });
