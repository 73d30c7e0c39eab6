import "server-only";
import { preparePublicChecks, type PublicChecks } from "../grader/public-checks";
import { RequestError } from "./errors";

const cache = new Map<string, PublicChecks>();
const MAX_CACHED = 1_000;

/**
 * The public checks of an exercise for a learner's seed with the reference's answers (computed on the
 * host by the grader library; the reference runs here, never in the browser). Cached per exercise and
 * seed: the same seed always gives the same checks.
 */
export function findPublicChecks(exerciseId: string, seed: string): PublicChecks {
  const key = `${exerciseId}:${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let checks: PublicChecks;
  try {
    checks = preparePublicChecks(exerciseId, seed);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Unknown exercise")) {
      throw new RequestError(404, "exercise_not_found", `There is no exercise "${exerciseId}".`);
    }
    throw error;
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, checks);
  return checks;
}
