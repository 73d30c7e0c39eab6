import type { CaseAnswer, CheckGroup } from "../../contract/exercise";
import type { GradableExercise } from "../registry";
import { referenceAnswers, type ReferenceOutcome } from "./reference";

export interface PreparedChecks {
  groups: CheckGroup[];
  expected: CaseAnswer[][];
}

const MAX_ENTRIES = 128;
// A learner submits many times with the same public seed: their public checks and the reference's answers to
// them are the same each time, so they are computed once per (exercise version, seed). Hidden checks are never
// cached: they use a fresh seed per submission. Cached groups are shared: nothing may mutate them.
const cache = new Map<string, PreparedChecks>();

/**
 * The public checks for `seed` and the reference's answers to them, computed on the host (cached). Throws when
 * the exercise cannot generate its checks; returns ok: false when the reference solution fails on them.
 */
export function preparePublic(exercise: Pick<GradableExercise, "id" | "version" | "spec" | "adapter" | "secrets">, seed: string): { ok: true; checks: PreparedChecks } | { ok: false; message: string } {
  const key = `${exercise.id}@${exercise.version}:${seed}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return { ok: true, checks: hit };
  }
  const groups = exercise.spec.publicChecks(seed);
  const reference: ReferenceOutcome = referenceAnswers(exercise.spec, exercise.adapter, exercise.secrets.solution, groups);
  if (!reference.ok) return reference;
  const checks = { groups, expected: reference.answers };
  cache.set(key, checks);
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return { ok: true, checks };
}
