import type { HistogramBin } from "./histogram";

/**
 * A score histogram in tenths of the maximum (server/gradebook.ts: ten counts, the last one including full marks) as
 * the Histogram's bins and edges: "0 to under 10" ... "90 to 100", on a 0-100 axis of percent of the maximum.
 */
export function tenthsOfMax(counts: readonly number[]): { bins: HistogramBin[]; edges: number[] } {
  if (counts.length !== 10) throw new Error(`A score histogram in tenths has 10 counts, not ${counts.length}`);
  return {
    bins: counts.map((count, tenth) => ({
      label: tenth === 9 ? "90 to 100" : `${tenth * 10} to under ${tenth * 10 + 10}`,
      count,
    })),
    edges: Array.from({ length: 11 }, (_, tenth) => tenth * 10),
  };
}
