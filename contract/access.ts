import { z } from "zod";

/**
 * When an exercise accepts submissions and for how much credit, as its author writes it under the key `access` in
 * the exercise's settings.json (or in module.json / course.json, the default for the exercises below):
 *
 *   "access": [
 *     { "from": "2027-01-11T09:00:00+01:00", "until": "2027-01-25T23:59:00+01:00", "credit": 100 },
 *     { "until": "2027-02-01T23:59:00+01:00", "credit": 50 }
 *   ]
 *
 * A submission earns the credit of the first window whose `until` is after the moment it was accepted; after the
 * last window the exercise is closed. Only the first window may say `from` (the exercise opens then). Times must name
 * their zone (`Z` or an offset), so a deadline means the same instant on every server. No `access`: always open, 100%.
 */

// YYYY-MM-DDTHH:MM[:SS[.fff]] then Z or ±HH:MM. A time without a zone would depend on the server's clock settings.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An instant written with its zone; refused when Date.parse cannot read it or it names no zone. */
export const zonedTimeSchema = z
  .string()
  .regex(ISO_WITH_ZONE, "a time must be ISO-8601 with a zone, e.g. 2027-01-25T23:59:00+01:00 or 2027-01-25T22:59:00Z")
  .refine((text) => isRealInstant(text), "not a real date and time (check the month, day and hour)");

/** Percent of the raw score a submission keeps: a whole number 0..100. */
export const creditSchema = z.number().int("credit is a whole percent").min(0, "credit is at least 0").max(100, "credit is at most 100");

export const accessWindowSchema = z
  .object({
    /** Only on the first window: the exercise accepts nothing before this instant. */
    from: zonedTimeSchema.optional(),
    /** The window ends at this instant: a submission accepted exactly at `until` falls in the next window. */
    until: zonedTimeSchema,
    credit: creditSchema,
  })
  .strict();
export type AccessWindow = z.infer<typeof accessWindowSchema>;

/** The `access` key: 1..20 windows, `until`s strictly increasing, `from` only on the first and before its `until`. */
export const accessWindowsSchema = z
  .array(accessWindowSchema)
  .min(1, "access needs at least one window (leave the key out for an exercise that is always open)")
  .max(20)
  .superRefine((windows, context) => {
    windows.forEach((window, index) => {
      if (index > 0 && window.from !== undefined) {
        context.addIssue({ code: "custom", path: [index, "from"], message: "only the first window may say from" });
      }
      const previous = windows[index - 1];
      if (previous && Date.parse(window.until) <= Date.parse(previous.until)) {
        context.addIssue({ code: "custom", path: [index, "until"], message: `windows must be in order: this until is not after window ${index}'s (${previous.until})` });
      }
    });
    const first = windows[0];
    if (first?.from !== undefined && Date.parse(first.from) >= Date.parse(first.until)) {
      context.addIssue({ code: "custom", path: [0, "from"], message: "from must be before the first window's until" });
    }
  });
export type AccessWindows = z.infer<typeof accessWindowsSchema>;

/** Grace days (course.json `graceDays`): each learner's budget of automatic late days for the whole course. */
export const graceDaysSchema = z.number().int().min(0).max(60);

// Date.parse accepts 2027-02-30 by rolling it into March; a real instant round-trips its calendar fields.
function isRealInstant(text: string): boolean {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text);
  const zone = /(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (!match || !zone) return false;
  const offsetMinutes = zone[1] === "Z" ? 0 : (zone[2] === "-" ? -1 : 1) * (Number(zone[3]) * 60 + Number(zone[4]));
  if (Math.abs(offsetMinutes) > 14 * 60) return false;
  const local = new Date(ms + offsetMinutes * 60_000);
  return (
    local.getUTCFullYear() === Number(match[1]) &&
    local.getUTCMonth() + 1 === Number(match[2]) &&
    local.getUTCDate() === Number(match[3]) &&
    local.getUTCHours() === Number(match[4]) &&
    local.getUTCMinutes() === Number(match[5])
  );
}

/**
 * One learner's schedule for one exercise, as a page hands it to the browser (times as ISO strings): the windows,
 * their extension and their grace days. content/kit/access.ts turns it into the decision and the countdown.
 */
export interface ScheduleView {
  windows: AccessWindows | null;
  extension: { until: string; credit: number } | null;
  grace: { budget: number; spentElsewhere: number; spentHere: number } | null;
  /** The course's staff may submit whatever the windows say (they are shown the learners' schedule). */
  exempt: boolean;
}
