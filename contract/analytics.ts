// The figures of the instructors' analytics pages (issue 15) as plain data: numbers, strings and ISO-8601 strings, so a
// page can hand them to the browser as they are. server/analytics/ (exercise-analytics.ts, course-analytics.ts)
// computes them and components/ draws them, so they live here, on the floor both stand on.
//
// Who counts everywhere: the learners enrolled in the course (Enrollment.role "learner"). Staff, and people no longer
// enrolled, are left out, whatever they submitted.
//
// Words used below:
// - a *counted* submission is any submission except one the platform failed to grade (status "failed": a worker or
//   a host died; it was never a verdict, so it is no attempt, as for grace days).
// - *full marks* is a graded submission whose raw score (what the checks gave, before late credit) reaches its
//   maxScore: every check passed. Late credit does not matter here; it does for completion (course analytics).
// - a *final grade* is the gradebook's (server/grades.ts): the instructor's latest override, else the best credited
//   score of a graded submission.

/** Issue 15's exercise analytics: `/courses/:courseId/exercises/:exerciseId/analytics`. */
export interface ExerciseAnalytics {
  courseId: string;
  exercise: { id: string; title: string; maxScore: number; lessonId: string; moduleId: string };
  /** The instant the figures were computed for (ISO-8601). */
  generatedAt: string;
  /** Learners enrolled in the course. */
  learners: number;
  /** Learners with at least one counted submission of this exercise. */
  submitted: number;
  /** Per check, in the order the newest result lists them (checks only older results have follow, in their order). */
  checks: CheckFailures[];
  /** Index in `checks` of the hardest check: the highest failShare, ties to the earlier check; null when none fails. */
  hardestCheck: number | null;
  /** Learners whose latest graded result could not be read (malformed, or another schema version): not in `checks`. */
  unreadableResults: number;
  scores: ScoreDistribution;
  attemptsToFullMarks: AttemptsToFullMarks;
  timeline: SubmissionTimeline;
  timeToFullMarks: TimeToFullMarks;
}

/** How one check fares in learners' latest graded submissions of the exercise (status "graded", newest first). */
export interface CheckFailures {
  name: string;
  visibility: "public" | "hidden";
  /** Learners whose latest graded result has this check. */
  graded: number;
  /** Of those, the learners for whom it did not pass (failed, threw, timed out, or did not run). */
  failing: number;
  /** failing / graded, 0..1 (0 when graded is 0). */
  failShare: number;
  /** The most common failure among `failing`; null when none fail. */
  commonFailure: FailurePattern | null;
}

/** A failure message with the parts that differ from learner to learner (their seeded inputs) blanked out. */
export interface FailurePattern {
  /**
   * The message the learner was shown, with every hex literal as `0x…` and every other number as `#`. For a hidden
   * check that is the message built from its name and case counts (grader/redact.ts), never the stored one.
   */
  pattern: string;
  /** Failing learners whose message has this pattern. */
  count: number;
  /** One real message with this pattern, its learner not named (the newest); null for a hidden check. */
  example: string | null;
}

/** Learners' final grades (overrides applied), as in the gradebook. */
export interface ScoreDistribution {
  maxScore: number;
  /** Ten counts: bucket i holds grades in [i/10, (i+1)/10) of maxScore; the last one also holds maxScore itself. */
  histogram: number[];
  /** Learners with no final grade (no graded submission and no override). histogram's sum + ungraded = learners. */
  ungraded: number;
  /** Learners whose final grade reaches maxScore (late credit and overrides count, as for completion). */
  fullMarks: number;
}

/** How many submissions learners needed to reach full marks for the first time. */
export interface AttemptsToFullMarks {
  /** Learners who reached full marks. */
  learners: number;
  /**
   * Ten counts: index i is the learners whose first full-marks submission was their (i+1)-th counted submission
   * (those made up to and including it); the last is 10 or more.
   */
  distribution: number[];
  /** The median number of submissions (the mean of the two middle ones for an even count); null when none did. */
  median: number | null;
}

/**
 * When learners' counted submissions came in. With a deadline (the first access window's `until`; an extension does
 * not move it): hour bins over the 48 hours either side of it, aligned on it, so the last bin before the deadline is
 * the last hour. Without one: one bin per UTC day from the first submission's day to the last one's (at most 366,
 * the latest). Submissions outside the bins are counted in `before` and `after`.
 */
export interface SubmissionTimeline {
  /** ISO-8601, or null when the exercise is always open. */
  deadline: string | null;
  /** The last window's `until`, when the exercise closes (ISO-8601), or null. */
  finalClose: string | null;
  binning: "hour" | "day";
  /** Oldest first, back to back: each bin runs from `start` (inclusive) to `end` (exclusive), ISO-8601. */
  bins: { start: string; end: string; count: number }[];
  before: number;
  after: number;
  /** Who submitted in the hour before the deadline ([deadline - 1 h, deadline)); null without a deadline. */
  lastHour: LastHour | null;
}

export interface LastHour {
  /** Counted submissions in that hour. */
  submissions: number;
  /** The learners who made them, by name (then id). */
  learners: { userId: string; name: string }[];
}

/** From the first open of the exercise's lesson (LessonVisit.firstVisitedAt) to the first full-marks submission. */
export interface TimeToFullMarks {
  /** Learners with both, the open first: those the median is over. */
  learners: number;
  /** Milliseconds, the median over those learners (the mean of the two middle ones for an even count); or null. */
  medianMs: number | null;
  /** Learners with full marks before their first recorded open (e.g. before visits were recorded): left out. */
  fullMarksBeforeOpen: number;
}

/** Issue 15's course analytics: completion, knowledge checks at the first try, and activity. */
export interface CourseAnalytics {
  courseId: string;
  /** ISO-8601. */
  generatedAt: string;
  /** Learners enrolled in the course: the denominator of every share below but the knowledge checks'. */
  learners: number;
  /** In course order. */
  modules: ModuleCompletion[];
  /** In course order (module, lesson, position). */
  exercises: ExerciseCompletion[];
  /** The course's current knowledge checks, in lesson order. */
  knowledgeChecks: KnowledgeCheckFirstTry[];
  /** Over every current check: answers (one per learner and check), those right at the first try, and the share. */
  knowledgeCheckTotals: { answered: number; firstTry: number; firstTryShare: number };
  /** The last 30 UTC days, oldest first, ending with the day `generatedAt` falls in. */
  activity: ActiveLearnersDay[];
}

/** A learner completes an exercise when their final grade (override applied, late credit counted) reaches maxScore. */
export interface ExerciseCompletion {
  id: string;
  title: string;
  moduleId: string;
  maxScore: number;
  /** Learners with at least one submission, of any status (the gradebook's "attempted"). */
  started: number;
  completed: number;
  /** completed / learners, 0..1 (0 with no learners). */
  completedShare: number;
}

/** A learner completes a module when they completed every one of its exercises. */
export interface ModuleCompletion {
  id: string;
  title: string;
  exercises: number;
  /** null for a module with no exercises: there is nothing to complete. */
  completed: number | null;
  completedShare: number | null;
}

/** How a course's learners did on one knowledge check (the gradebook's statistics). */
export interface KnowledgeCheckStats {
  /** `<course>/<lesson slug>/<check id>` */
  id: string;
  checkId: string;
  lessonId: string;
  lessonTitle: string;
  question: string;
  /** Learners who answered at least once, who answered correctly (ever), and who did on their first try. */
  answered: number;
  correct: number;
  firstTry: number;
}

export interface KnowledgeCheckFirstTry extends KnowledgeCheckStats {
  /** firstTry / answered, 0..1 (0 when nobody answered). */
  firstTryShare: number;
}

/**
 * Distinct learners active on one UTC day: a submission made (any status), a lesson of the course opened (first or
 * latest open), or a knowledge check answered (first or latest answer). A lower bound: a lesson visit and a check's
 * answers keep only their first and latest times, so the days in between are not seen.
 */
export interface ActiveLearnersDay {
  /** YYYY-MM-DD, UTC. */
  day: string;
  learners: number;
}
