/**
 * A moment in the reader's own zone and language, with the zone named ("Jan 25, 2027, 11:59 PM GMT+1"): deadlines
 * are read across time zones. (Intl refuses timeZoneName beside dateStyle/timeStyle, hence the fields one by one.)
 */
export function formatWhen(at: Date | string, timeZone?: string): string {
  return new Date(at).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  });
}
