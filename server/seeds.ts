import { createHash, randomBytes } from "node:crypto";

/**
 * The learner's own seed for an exercise: stable across visits and submissions, so the public data
 * they see in Run matches what Submit grades, and different from other learners'.
 */
export function learnerSeed(userId: string, exerciseId: string): string {
  return createHash("sha256").update(`pagewise:${userId}:${exerciseId}`).digest("hex").slice(0, 16);
}

/** A fresh seed for hidden checks, new on every submission (recorded with the result). */
export function freshSeed(): string {
  return randomBytes(8).toString("hex");
}
