import "server-only";
import type { CheckResult } from "../../contract/grade-result";
import type { FailurePattern } from "../../contract/analytics";
import { hiddenCheckMessage } from "../../grader/redact";

// Learners' public inputs are seeded per learner, so two learners with the same mistake read the same sentence with
// different addresses and counts: "Case 1 of 6 (0 passed): Walking 0x08048000 for a user read: you returned pa
// 0x08048000 ...". Blanking the numbers out groups them, and the group with the most learners is the check's most
// common failure.

/** What of a check a failure message is made from (the fields validated by check-failures.ts). */
export type CheckForMessage = Pick<
  CheckResult,
  "name" | "visibility" | "verdict" | "failure" | "message" | "casesRun" | "casesPassed"
>;

/** One failing learner's message: its pattern, and the message itself when an instructor may quote it (public). */
export interface FailureSample {
  pattern: string;
  example: string | null;
}

// 0x literals whole; decimal numbers (with a fraction) standing alone. A digit inside a word or next to a hyphen is
// part of a name (CR0, B9, int16_t, x86-64, PSE-36, 4-level) and stays.
const NUMBERS = /0x[0-9a-f]+|(?<![\w-])\d+(?:\.\d+)?(?![\w-])/gi;

/**
 * The message with every hex literal as `0x…`, every other number as `#`, and runs of white space as one space:
 * the same mistake on different seeded inputs gives the same pattern.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(NUMBERS, (literal) => (/^0x/i.test(literal) ? "0x…" : "#"))
    .replace(/\s+/g, " ")
    .trim();
}

// Stands in for a hidden check's name while its message is normalised: a name is the author's words, numbers and all.
const NAME = "\u0000";

/**
 * A failing check's sample, from what its learner was shown: a public check's message, or for a hidden check the
 * message built from its name, failure kind and case counts (grader/redact.ts), never the stored one, which names
 * the failing case. Only a public check's message is kept as an example.
 */
export function failureSample(check: CheckForMessage): FailureSample {
  if (check.visibility === "public") return { pattern: normaliseMessage(check.message), example: check.message };
  const shown = hiddenCheckMessage({ ...check, name: NAME });
  return { pattern: normaliseMessage(shown).split(NAME).join(check.name), example: null };
}

/**
 * The pattern most samples share, with its count and the first example met (callers pass samples newest first, so
 * it is the newest); ties go to the pattern met first. Null for no samples.
 */
export function mostCommonFailure(samples: readonly FailureSample[]): FailurePattern | null {
  const groups = new Map<string, FailurePattern>();
  for (const sample of samples) {
    const group = groups.get(sample.pattern);
    if (group) {
      group.count++;
      group.example ??= sample.example;
    } else {
      groups.set(sample.pattern, { pattern: sample.pattern, count: 1, example: sample.example });
    }
  }
  let best: FailurePattern | null = null;
  for (const group of groups.values()) if (!best || group.count > best.count) best = group;
  return best;
}
