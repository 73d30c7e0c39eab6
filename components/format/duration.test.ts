import { describe, expect, it } from "vitest";
import { formatDuration, formatShare, sharePercent } from "./duration";

describe("durations and shares in words", () => {
  it("uses at most two units, rounding down at the smaller one", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(59_999)).toBe("59 s");
    expect(formatDuration(12 * 60_000 + 30_000)).toBe("12 min");
    expect(formatDuration(2 * 3600_000)).toBe("2 h");
    expect(formatDuration(3600_000 + 59 * 60_000 + 59_000)).toBe("1 h 59 min");
    expect(formatDuration(2 * 86_400_000 + 5 * 3600_000 + 59 * 60_000)).toBe("2 d 5 h");
    expect(formatDuration(3 * 86_400_000)).toBe("3 d");
    expect(() => formatDuration(-1)).toThrow(/non-negative/);
    expect(() => formatDuration(Number.NaN)).toThrow();
  });

  it("writes shares as whole percents, and a tiny share as <1%", () => {
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(0.004)).toBe("<1%");
    expect(formatShare(0.375)).toBe("38%");
    expect(formatShare(1)).toBe("100%");
    expect(sharePercent(0.375)).toBe(37.5);
    expect(sharePercent(2 / 3)).toBe(66.7);
  });
});
