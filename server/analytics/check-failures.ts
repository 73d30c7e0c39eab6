import "server-only";
import { z } from "zod";
import type { CheckFailures } from "../../contract/analytics";
import { checkResultSchema, RESULT_SCHEMA_VERSION } from "../../contract/grade-result";
import { share } from "./distribution";
import { failureSample, mostCommonFailure, type CheckForMessage, type FailureSample } from "./failure-patterns";

// What the analytics read of a stored result: its checks' names, verdicts and messages, validated against the
// grader's contract (the rest of a result, traces and console included, is not read, so not checked either).
const storedChecksSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  checks: z
    .array(
      checkResultSchema.pick({
        name: true,
        visibility: true,
        verdict: true,
        failure: true,
        message: true,
        casesRun: true,
        casesPassed: true,
      }),
    )
    .max(200),
});

/** The checks of a stored result (Submission.resultJson), or null when it is missing, not JSON, or not a result. */
export function readStoredChecks(resultJson: string | null): CheckForMessage[] | null {
  if (resultJson === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(resultJson);
  } catch {
    return null;
  }
  const result = storedChecksSchema.safeParse(parsed);
  return result.success ? result.data.checks : null;
}

export interface ChecksSummary {
  checks: CheckFailures[];
  hardestCheck: number | null;
  /** Results that could not be read: skipped. */
  unreadable: number;
}

interface Tally {
  name: string;
  visibility: CheckForMessage["visibility"];
  graded: number;
  samples: FailureSample[];
}

/**
 * Per check, how many of these results (one per learner: their latest graded submission's, newest first) have it and
 * fail it, with the most common failure; and the hardest check. The check order is the newest result's, then checks
 * only older results have, as they come. A check counted twice in one result (never written so) counts once.
 */
export function summariseChecks(resultJsons: readonly (string | null)[]): ChecksSummary {
  const tallies = new Map<string, Tally>();
  let unreadable = 0;
  for (const json of resultJsons) {
    const checks = readStoredChecks(json);
    if (!checks) {
      unreadable++;
      continue;
    }
    const seen = new Set<string>();
    for (const check of checks) {
      if (seen.has(check.name)) continue;
      seen.add(check.name);
      let tally = tallies.get(check.name);
      if (!tally)
        tallies.set(check.name, (tally = { name: check.name, visibility: check.visibility, graded: 0, samples: [] }));
      tally.graded++;
      if (check.verdict !== "pass") tally.samples.push(failureSample(check));
    }
  }
  const checks = [...tallies.values()].map((tally): CheckFailures => {
    const common = mostCommonFailure(tally.samples);
    return {
      name: tally.name,
      visibility: tally.visibility,
      graded: tally.graded,
      failing: tally.samples.length,
      failShare: share(tally.samples.length, tally.graded),
      // A hidden check is never quoted, even if an older version of it was public.
      commonFailure: common && tally.visibility === "hidden" ? { ...common, example: null } : common,
    };
  });
  return { checks, hardestCheck: hardestCheck(checks), unreadable };
}

/** The index of the check with the highest fail share (the earlier on a tie), or null when none fails. */
export function hardestCheck(checks: readonly Pick<CheckFailures, "failing" | "failShare">[]): number | null {
  let hardest: number | null = null;
  checks.forEach((check, index) => {
    if (check.failing === 0) return;
    const best = hardest === null ? undefined : checks[hardest];
    if (!best || check.failShare > best.failShare) hardest = index;
  });
  return hardest;
}
