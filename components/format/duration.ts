/**
 * A span of time as people say it, to two units at most: "45 s", "12 min", "3 h 20 min", "2 d 5 h". Rounded down
 * at the smaller unit, so "1 h 59 min" never reads as "2 h".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`a duration is a non-negative number of milliseconds, not ${ms}`);
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** A share 0..1 as a percent to one decimal, the number a chart plots: 0.375 -> 37.5. */
export function sharePercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** A share 0..1 as a whole percent ("37%"), with "<1%" for a share that is not zero but rounds to it. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return "<1%";
  return `${Math.round(share * 100)}%`;
}
