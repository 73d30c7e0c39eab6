import "server-only";
import type { AccessWindows } from "../../contract/access";
import type { SubmissionTimeline } from "../../contract/analytics";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Hour bins either side of a deadline. */
const HOURS_AROUND_DEADLINE = 48;
/** Day bins at most without a deadline (the latest ones). */
const MAX_DAYS = 366;

export interface TimedSubmission {
  userId: string;
  createdAt: Date;
}

/**
 * When these counted submissions came in, against the exercise's deadline (the first window's `until`) when it has
 * windows: hour bins over 48 hours either side, and who submitted in the last hour before it. Without windows, UTC
 * day bins over the submissions' span. `names` gives the learners' names for the last hour.
 */
export function submissionTimeline(
  submissions: readonly TimedSubmission[],
  windows: AccessWindows | null,
  names: ReadonlyMap<string, string>,
): SubmissionTimeline {
  const first = windows?.[0];
  const last = windows?.[windows.length - 1];
  const times = submissions.map((s) => s.createdAt.getTime());
  if (!first || !last) return { deadline: null, finalClose: null, binning: "day", ...dayBins(times), lastHour: null };

  const deadline = Date.parse(first.until);
  const start = deadline - HOURS_AROUND_DEADLINE * HOUR_MS;
  const binned = bin(times, start, HOUR_MS, 2 * HOURS_AROUND_DEADLINE);
  const inLastHour = submissions.filter(
    (s) => s.createdAt.getTime() >= deadline - HOUR_MS && s.createdAt.getTime() < deadline,
  );
  const learners = [...new Set(inLastHour.map((s) => s.userId))]
    .map((userId) => ({ userId, name: names.get(userId) ?? "" }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return {
    deadline: new Date(deadline).toISOString(),
    finalClose: new Date(Date.parse(last.until)).toISOString(),
    binning: "hour",
    ...binned,
    lastHour: { submissions: inLastHour.length, learners },
  };
}

/** UTC days from the earliest submission's to the latest's, at most the latest MAX_DAYS; none for no submissions. */
function dayBins(times: readonly number[]): Pick<SubmissionTimeline, "bins" | "before" | "after"> {
  if (times.length === 0) return { bins: [], before: 0, after: 0 };
  // A loop, not Math.min(...times): spreading a long array overflows the stack.
  const earliest = times.reduce((a, b) => Math.min(a, b));
  const latest = times.reduce((a, b) => Math.max(a, b));
  const firstDay = Math.floor(earliest / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(latest / DAY_MS) * DAY_MS;
  const days = Math.min(MAX_DAYS, (lastDay - firstDay) / DAY_MS + 1);
  return bin(times, lastDay - (days - 1) * DAY_MS, DAY_MS, days);
}

/** `count` bins of `width` ms from `start`; times outside are counted before or after. */
function bin(
  times: readonly number[],
  start: number,
  width: number,
  count: number,
): Pick<SubmissionTimeline, "bins" | "before" | "after"> {
  const counts = Array.from({ length: count }, () => 0);
  let before = 0;
  let after = 0;
  for (const time of times) {
    const index = Math.floor((time - start) / width);
    if (index < 0) before++;
    else if (index >= count) after++;
    else counts[index] = (counts[index] ?? 0) + 1;
  }
  const bins = counts.map((n, i) => ({
    start: new Date(start + i * width).toISOString(),
    end: new Date(start + (i + 1) * width).toISOString(),
    count: n,
  }));
  return { bins, before, after };
}
