import "server-only";
import type { AttemptsToFullMarks, TimeToFullMarks } from "../../contract/analytics";
import { cappedCounts, median } from "./distribution";

/** A counted submission (any status but "failed") of one exercise, as the analytics read it. */
export interface CountedSubmission {
  userId: string;
  status: string;
  rawScore: number | null;
  maxScore: number;
  createdAt: Date;
}

/** A learner's way to full marks: how many counted submissions it took, and when the first full-marks one came. */
export interface FullMarksJourney {
  attempts: number;
  at: Date;
}

/** Full marks: graded, and the checks gave every point (rawScore, before late credit). */
export function isFullMarks(submission: Pick<CountedSubmission, "status" | "rawScore" | "maxScore">): boolean {
  return submission.status === "graded" && submission.rawScore !== null && submission.rawScore >= submission.maxScore;
}

/**
 * Per learner who reached full marks, their journey: the counted submissions made up to and including the first
 * full-marks one (in createdAt order, ties kept in the order given), and its time. Learners who never did are absent.
 */
export function fullMarksJourneys(submissions: readonly CountedSubmission[]): Map<string, FullMarksJourney> {
  const ordered = [...submissions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const made = new Map<string, number>();
  const journeys = new Map<string, FullMarksJourney>();
  for (const submission of ordered) {
    if (journeys.has(submission.userId)) continue;
    const attempts = (made.get(submission.userId) ?? 0) + 1;
    made.set(submission.userId, attempts);
    if (isFullMarks(submission)) journeys.set(submission.userId, { attempts, at: submission.createdAt });
  }
  return journeys;
}

/** The distribution (1..9, 10+) and median of the attempts learners needed. */
export function attemptsToFullMarks(journeys: ReadonlyMap<string, FullMarksJourney>): AttemptsToFullMarks {
  const attempts = [...journeys.values()].map((journey) => journey.attempts);
  return { learners: attempts.length, distribution: cappedCounts(attempts, 10), median: median(attempts) };
}

/**
 * The median time from a learner's first open of the exercise's lesson to their first full marks, over learners with
 * both; a learner whose full marks came before the first recorded open is counted apart, not as a negative time.
 */
export function timeToFullMarks(
  journeys: ReadonlyMap<string, FullMarksJourney>,
  firstOpened: ReadonlyMap<string, Date>,
): TimeToFullMarks {
  const durations: number[] = [];
  let fullMarksBeforeOpen = 0;
  for (const [userId, journey] of journeys) {
    const opened = firstOpened.get(userId);
    if (!opened) continue;
    const ms = journey.at.getTime() - opened.getTime();
    if (ms < 0) fullMarksBeforeOpen++;
    else durations.push(ms);
  }
  return { learners: durations.length, medianMs: median(durations), fullMarksBeforeOpen };
}
