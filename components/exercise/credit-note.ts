import type { SubmissionView } from "../../contract/http/submissions";
import { formatPoints } from "../format/points";

/**
 * What a submission's credit says beside its score: "late: 50% credit", "extension: 100% credit", "late by 2 days:
 * grace days used, 100% credit"; null when it kept its full raw score on time (nothing worth saying).
 */
export function creditNote(submission: Pick<SubmissionView, "credit" | "creditReason" | "graceDays" | "rawScore">): string | null {
  switch (submission.creditReason) {
    case "always_open":
    case "on_time":
      return submission.credit === 100 ? null : `${submission.credit}% credit`;
    case "late":
      return `late: ${submission.credit}% credit`;
    case "extension":
      return `extension: ${submission.credit}% credit`;
    case "grace":
      return `late by ${submission.graceDays} day${submission.graceDays === 1 ? "" : "s"}: grace days used, ${submission.credit}% credit`;
  }
}

/** "regraded: 7 -> 9" when a regrade changed the submission's score; null otherwise. */
export function regradeNote(submission: Pick<SubmissionView, "regradedFrom" | "score">): string | null {
  if (submission.regradedFrom === null || submission.score === null) return null;
  return `regraded: ${formatPoints(submission.regradedFrom)} -> ${formatPoints(submission.score)}`;
}
