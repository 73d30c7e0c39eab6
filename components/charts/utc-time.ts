// Times on charts are written in UTC, by hand rather than with Intl: the server and every reader get the same text,
// whatever their locale or time zone, and the axis label says "(UTC)".

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, "0");

/** "14:00", or "14:00:30" when the instant has seconds. */
export function formatUtcTime(date: Date): string {
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return date.getUTCSeconds() === 0 ? time : `${time}:${pad(date.getUTCSeconds())}`;
}

/** "2026-03-25 14:00": a whole instant, for tables and summaries. */
export function formatUtcInstant(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${formatUtcTime(date)}`;
}

/** "2026-03-25" for a whole day, "2026-03-25 13:00–14:00" within one, "2026-03-25 22:00 – 2026-03-26 02:00" across two. */
export function formatUtcRange(start: Date, end: Date): string {
  const isMidnight = (date: Date) => date.getTime() % DAY_MS === 0;
  if (isMidnight(start) && end.getTime() - start.getTime() === DAY_MS) return formatUtcInstant(start).slice(0, 10);
  const sameDay = start.toISOString().slice(0, 10) === end.toISOString().slice(0, 10);
  return sameDay
    ? `${formatUtcInstant(start)}–${formatUtcTime(end)}`
    : `${formatUtcInstant(start)} – ${formatUtcInstant(end)}`;
}

/** A time axis's tick: the date ("Mar 25") at midnight, where a day begins, and the time of day elsewhere. */
export function formatUtcTick(date: Date): string {
  const isMidnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  return isMidnight ? `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}` : formatUtcTime(date);
}
