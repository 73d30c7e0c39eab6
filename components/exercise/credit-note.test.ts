import { describe, expect, it } from "vitest";
import { creditNote, regradeNote } from "./credit-note";

describe("creditNote", () => {
  it("says nothing for a full-credit submission on time, and names late, extension and grace credit", () => {
    expect(creditNote({ credit: 100, creditReason: "on_time", graceDays: 0, rawScore: 7 })).toBeNull();
    expect(creditNote({ credit: 100, creditReason: "always_open", graceDays: 0, rawScore: 7 })).toBeNull();
    expect(creditNote({ credit: 50, creditReason: "late", graceDays: 0, rawScore: 7 })).toBe("late: 50% credit");
    expect(creditNote({ credit: 100, creditReason: "extension", graceDays: 0, rawScore: 7 })).toBe("extension: 100% credit");
    expect(creditNote({ credit: 100, creditReason: "grace", graceDays: 1, rawScore: 7 })).toBe("late by 1 day: grace days used, 100% credit");
    expect(creditNote({ credit: 100, creditReason: "grace", graceDays: 2, rawScore: 7 })).toBe("late by 2 days: grace days used, 100% credit");
  });
});

describe("regradeNote", () => {
  it("says from what to what a regrade changed the score, and nothing otherwise", () => {
    expect(regradeNote({ regradedFrom: 7, score: 9 })).toBe("regraded: 7 -> 9");
    expect(regradeNote({ regradedFrom: 3.333333, score: 5 })).toBe("regraded: 3.33 -> 5");
    expect(regradeNote({ regradedFrom: null, score: 9 })).toBeNull();
  });
});
