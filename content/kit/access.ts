import type { AccessWindow } from "../../contract/access";

// The arithmetic of access windows (contract/access.ts), extensions and grace days: pure, so the server's decision
// when it accepts a submission and the browser's countdown are the same function of the same data.

const DAY_MS = 24 * 60 * 60 * 1000;

/** An instructor's extension for one learner and exercise: one more window that may outlast the exercise's last. */
export interface ExtensionWindow {
  until: Date;
  credit: number;
}

/**
 * Grace days (course.json `graceDays`), Autolab's late days: a submission in a late window may spend whole days of
 * the learner's budget to earn the first window's credit. Days are counted per exercise (the most spent on it) and
 * summed over the course.
 */
export interface GraceBudget {
  budget: number;
  /** Days already spent on the course's other exercises. */
  spentElsewhere: number;
  /** Days already spent on this exercise (a later submission needing no more days spends nothing new). */
  spentHere: number;
}

/** Everything that decides one learner's access to one exercise. `windows: null` means always open at 100%. */
export interface LearnerSchedule {
  windows: readonly AccessWindow[] | null;
  extension: ExtensionWindow | null;
  grace: GraceBudget | null;
}

/** Why a submission earns its credit. */
export type CreditReason = "always_open" | "on_time" | "late" | "extension" | "grace";

export type AccessDecision =
  | {
      open: true;
      /** Percent of the raw score the submission keeps. */
      credit: number;
      reason: CreditReason;
      /** The access window (0-based) the moment falls in; null with no windows or past the last (an extension). */
      windowIndex: number | null;
      /** Grace days this submission needs (reason "grace"), counted from the first window's until; else 0. */
      graceDays: number;
      /** When this credit may change (the end of the window or extension that gives it); null: never. */
      changesAt: Date | null;
    }
  | { open: false; reason: "not_open_yet"; opensAt: Date }
  | { open: false; reason: "closed"; closedAt: Date };

/**
 * The learner's access at `at`: the exercise's window (the first whose until is after `at`), an extension still
 * running, or grace days, whichever gives the most credit (grace is spent only when it gives more than the other
 * two). Before the first window's `from` nothing is open, extensions included; past the last window only an
 * extension keeps it open (grace days never reopen a closed exercise, as in Autolab, where they end at the end date).
 */
export function accessAt(schedule: LearnerSchedule, at: Date): AccessDecision {
  const now = at.getTime();
  const { windows, extension } = schedule;
  if (!windows) return { open: true, credit: 100, reason: "always_open", windowIndex: null, graceDays: 0, changesAt: null };
  const first = windows[0];
  if (!first) return { open: true, credit: 100, reason: "always_open", windowIndex: null, graceDays: 0, changesAt: null };
  if (first.from !== undefined && now < Date.parse(first.from)) return { open: false, reason: "not_open_yet", opensAt: new Date(first.from) };

  const index = windows.findIndex((window) => Date.parse(window.until) > now);
  const window = index >= 0 ? windows[index] : undefined;
  const extensionRuns = extension !== null && extension.until.getTime() > now;
  const candidates: Omit<Extract<AccessDecision, { open: true }>, "open" | "windowIndex">[] = [];
  if (window) candidates.push({ credit: window.credit, reason: index === 0 ? "on_time" : "late", graceDays: 0, changesAt: new Date(window.until) });
  if (extension && extensionRuns) candidates.push({ credit: extension.credit, reason: "extension", graceDays: 0, changesAt: extension.until });
  if (candidates.length === 0) {
    const last = windows[windows.length - 1] ?? first;
    const closedAt = Math.max(Date.parse(last.until), extension?.until.getTime() ?? Number.NEGATIVE_INFINITY);
    return { open: false, reason: "closed", closedAt: new Date(closedAt) };
  }
  // A window is only late when index > 0, and then grace may buy the first window's credit back.
  const grace = index > 0 && window ? graceAt(schedule.grace, Date.parse(first.until), now) : null;
  if (grace !== null && window) candidates.push({ credit: first.credit, reason: "grace", graceDays: grace.days, changesAt: grace.endsAt });
  const best = candidates.reduce((a, b) => (b.credit > a.credit ? b : a));
  return { open: true, ...best, windowIndex: window ? index : null };
}

/** Days late at `now` for a deadline `dueMs`: any part of a day counts as a whole one (exactly at the deadline: 1). */
export function daysLate(dueMs: number, now: number): number {
  return now < dueMs ? 0 : Math.floor((now - dueMs) / DAY_MS) + 1;
}

/** Whether grace days can cover a submission at `now`, and until when the same number of days covers it. */
function graceAt(grace: GraceBudget | null, dueMs: number, now: number): { days: number; endsAt: Date } | null {
  if (!grace || grace.budget <= 0) return null;
  const days = daysLate(dueMs, now);
  const available = grace.budget - grace.spentElsewhere;
  if (Math.max(days, grace.spentHere) > available) return null;
  return { days, endsAt: new Date(dueMs + days * DAY_MS) };
}

/** Grace days spent over the course: the most spent on each exercise, summed. */
export function graceDaysUsed(spentPerExercise: Iterable<number>): number {
  let spent = 0;
  for (const days of spentPerExercise) spent += days;
  return spent;
}

/** Grace days left of the budget once `spentPerExercise` (the most spent on each exercise) is taken off. */
export function graceDaysLeft(budget: number, spentPerExercise: Iterable<number>): number {
  return Math.max(0, budget - graceDaysUsed(spentPerExercise));
}

/** The course's budget as one exercise's submission sees it, from the days spent per exercise id. */
export function graceBudgetFor(budget: number, spentPerExercise: ReadonlyMap<string, number>, exerciseId: string): GraceBudget {
  const spentHere = spentPerExercise.get(exerciseId) ?? 0;
  return { budget, spentHere, spentElsewhere: graceDaysUsed(spentPerExercise.values()) - spentHere };
}
