import { z } from "zod";
import { encodePublicChecks } from "@/content/kit/check-wire";
import { findPublicChecks } from "@/server/public-checks";
import { enrolledInExercise } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { learnerSeed } from "@/server/seeds";

/**
 * The signed-in learner's public checks for an exercise and the reference's answers to them, for the
 * browser's Run worker. Never the reference's code, never a hidden check.
 */
export const GET = route()
  .params(z.object({ exerciseId: z.string().min(1).max(100) }).strict())
  .access(enrolledInExercise(({ params }) => params.exerciseId))
  .handle(async ({ grant }) => {
    const exerciseId = grant.exercise.id;
    const seed = learnerSeed(grant.user.id, exerciseId);
    const checks = findPublicChecks(exerciseId, seed);
    return Response.json(encodePublicChecks(exerciseId, seed, checks.groups, checks.expected), {
      headers: { "cache-control": "private, max-age=3600" },
    });
  });
