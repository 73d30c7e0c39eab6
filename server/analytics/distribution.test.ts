import { describe, expect, it } from "vitest";
import { cappedCounts, median, share, tenthsHistogram } from "./distribution";

describe("distribution helpers", () => {
  it("tenthsHistogram: bucket i is [i/10, (i+1)/10) of the maximum, the maximum itself in the last", () => {
    expect(tenthsHistogram([0, 1.99, 2, 10, 19.99, 20], 20)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(tenthsHistogram([3], 0)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("median: the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("cappedCounts and share", () => {
    expect(cappedCounts([1, 2, 2, 3, 4, 9], 3)).toEqual([1, 2, 3]);
    expect(share(1, 4)).toBe(0.25);
    expect(share(1, 0)).toBe(0);
  });
});
