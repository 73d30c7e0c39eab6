import "server-only";

// Small arithmetic the gradebook and the analytics share, so a histogram or a median means the same on every page.

/**
 * How many scores fall in each tenth of the maximum: ten counts, bucket i for [i/10, (i+1)/10) of maxScore, the last
 * also holding maxScore itself (a score above it, too). With maxScore 0 every score is in the first bucket.
 */
export function tenthsHistogram(scores: readonly number[], maxScore: number): number[] {
  const histogram = Array.from({ length: 10 }, () => 0);
  for (const score of scores) {
    const bucket = maxScore > 0 ? Math.max(0, Math.min(9, Math.floor((10 * score) / maxScore))) : 0;
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
  }
  return histogram;
}

/** The median: the middle value, or the mean of the two middle ones for an even count; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** part / whole, 0 when whole is 0 (a share of nobody is no share). */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Counts of 1, 2, ..., buckets - 1, then `buckets` or more: index i holds the value i + 1 (values below 1 go first). */
export function cappedCounts(values: readonly number[], buckets: number): number[] {
  const counts = Array.from({ length: buckets }, () => 0);
  for (const value of values) {
    const index = Math.max(0, Math.min(buckets - 1, Math.floor(value) - 1));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
