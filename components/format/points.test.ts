import { describe, expect, it } from "vitest";
import { formatPoints } from "./points";

describe("formatPoints", () => {
  it("writes whole points bare and fractions to at most two decimals", () => {
    expect(formatPoints(20)).toBe("20");
    expect(formatPoints(3.5)).toBe("3.5");
    expect(formatPoints(10 / 3)).toBe("3.33");
    expect(formatPoints(0)).toBe("0");
  });
});
