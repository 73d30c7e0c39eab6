import { describe, expect, it } from "vitest";
import { accessWindowsSchema, type AccessWindow } from "../../contract/access";
import { accessAt, daysLate, graceBudgetFor, graceDaysLeft, graceDaysUsed, type LearnerSchedule } from "./access";

const windows: AccessWindow[] = [
  { from: "2027-01-11T09:00:00+01:00", until: "2027-01-25T23:59:00+01:00", credit: 100 },
  { until: "2027-02-01T23:59:00+01:00", credit: 50 },
];
const schedule = (overrides: Partial<LearnerSchedule> = {}): LearnerSchedule => ({ windows, extension: null, grace: null, ...overrides });
const at = (iso: string) => new Date(iso);

describe("accessAt", () => {
  it("is always open at 100% without windows", () => {
    expect(accessAt(schedule({ windows: null }), at("1999-01-01T00:00:00Z"))).toMatchObject({ open: true, credit: 100, reason: "always_open", changesAt: null });
  });

  it("opens exactly at from, not a millisecond before", () => {
    expect(accessAt(schedule(), at("2027-01-11T07:59:59.999Z"))).toEqual({ open: false, reason: "not_open_yet", opensAt: at("2027-01-11T08:00:00Z") });
    expect(accessAt(schedule(), at("2027-01-11T08:00:00Z"))).toMatchObject({ open: true, credit: 100, reason: "on_time", windowIndex: 0 });
  });

  it("puts a submission accepted exactly at until in the next window, and closes exactly at the last until", () => {
    expect(accessAt(schedule(), at("2027-01-25T22:58:59.999Z"))).toMatchObject({ credit: 100, reason: "on_time", changesAt: at("2027-01-25T22:59:00Z") });
    expect(accessAt(schedule(), at("2027-01-25T22:59:00Z"))).toMatchObject({ credit: 50, reason: "late", windowIndex: 1 });
    expect(accessAt(schedule(), at("2027-02-01T22:58:59.999Z"))).toMatchObject({ open: true, credit: 50 });
    expect(accessAt(schedule(), at("2027-02-01T22:59:00Z"))).toEqual({ open: false, reason: "closed", closedAt: at("2027-02-01T22:59:00Z") });
  });

  it("reads until as an instant: the same deadline written in two zones is one moment", () => {
    const tokyo = schedule({ windows: [{ until: "2027-01-26T07:59:00+09:00", credit: 100 }] });
    const utc = schedule({ windows: [{ until: "2027-01-25T22:59:00Z", credit: 100 }] });
    for (const moment of ["2027-01-25T22:58:59Z", "2027-01-25T22:59:00Z"]) {
      expect(accessAt(tokyo, at(moment))).toEqual(accessAt(utc, at(moment)));
    }
    expect(accessAt(tokyo, at("2027-01-25T17:58:59-05:00")).open).toBe(true);
    expect(accessAt(tokyo, at("2027-01-25T17:59:00-05:00")).open).toBe(false);
  });

  it("counts late days in elapsed time across a daylight-saving change (Europe/Paris, 28 March 2027)", () => {
    // Due Saturday 12:00 CET (+01:00); Sunday 12:00 CEST (+02:00) is only 23 hours later: still the first late day.
    const due = Date.parse("2027-03-27T12:00:00+01:00");
    expect(daysLate(due, Date.parse("2027-03-28T12:00:00+02:00"))).toBe(1);
    expect(daysLate(due, Date.parse("2027-03-28T12:59:59+02:00"))).toBe(1);
    expect(daysLate(due, Date.parse("2027-03-28T13:00:00+02:00"))).toBe(2);
    expect(daysLate(due, due)).toBe(1);
    expect(daysLate(due, due - 1)).toBe(0);
  });

  it("lets an extension override the closing, and gives whichever of window and extension credits more", () => {
    const extension = { until: at("2027-02-10T12:00:00Z"), credit: 100 };
    expect(accessAt(schedule({ extension }), at("2027-02-05T00:00:00Z"))).toMatchObject({ open: true, credit: 100, reason: "extension", windowIndex: null, changesAt: extension.until });
    expect(accessAt(schedule({ extension }), at("2027-01-28T00:00:00Z"))).toMatchObject({ credit: 100, reason: "extension", windowIndex: 1 });
    const weak = { until: at("2027-02-10T12:00:00Z"), credit: 30 };
    expect(accessAt(schedule({ extension: weak }), at("2027-01-28T00:00:00Z"))).toMatchObject({ credit: 50, reason: "late" });
    expect(accessAt(schedule({ extension: weak }), at("2027-02-05T00:00:00Z"))).toMatchObject({ credit: 30, reason: "extension" });
    expect(accessAt(schedule({ extension }), at("2027-02-10T12:00:00Z"))).toEqual({ open: false, reason: "closed", closedAt: extension.until });
  });

  it("does not let an extension open an exercise before its from", () => {
    const extension = { until: at("2027-03-01T00:00:00Z"), credit: 100 };
    expect(accessAt(schedule({ extension }), at("2027-01-10T00:00:00Z"))).toMatchObject({ open: false, reason: "not_open_yet" });
  });

  it("spends grace days only in a late window, only when they earn more, and only within the budget", () => {
    const grace = { budget: 3, spentElsewhere: 1, spentHere: 0 };
    // 2027-01-27T00:00Z is 1 day and 61 minutes after the deadline: 2 late days, 2 of the 2 left.
    expect(accessAt(schedule({ grace }), at("2027-01-27T00:00:00Z"))).toMatchObject({ credit: 100, reason: "grace", graceDays: 2, windowIndex: 1, changesAt: at("2027-01-27T22:59:00Z") });
    expect(accessAt(schedule({ grace }), at("2027-01-27T22:59:00Z"))).toMatchObject({ credit: 50, reason: "late", graceDays: 0 });
    expect(accessAt(schedule({ grace }), at("2027-01-20T00:00:00Z"))).toMatchObject({ reason: "on_time", graceDays: 0 });
    expect(accessAt(schedule({ grace }), at("2027-02-02T00:00:00Z"))).toMatchObject({ open: false, reason: "closed" });
    // Days already spent on this exercise are not spent twice: a budget of 2 with 2 spent here still covers day 2.
    expect(accessAt(schedule({ grace: { budget: 2, spentElsewhere: 0, spentHere: 2 } }), at("2027-01-26T00:00:00Z"))).toMatchObject({ reason: "grace", graceDays: 1 });
    const extension = { until: at("2027-02-10T12:00:00Z"), credit: 100 };
    expect(accessAt(schedule({ grace, extension }), at("2027-01-26T00:00:00Z"))).toMatchObject({ reason: "extension", graceDays: 0 });
  });

  it("counts the grace days left over the course", () => {
    expect(graceDaysLeft(5, [2, 1])).toBe(2);
    expect(graceDaysLeft(2, [2, 1])).toBe(0);
    expect(graceDaysLeft(3, [])).toBe(3);
    expect(graceDaysUsed([2, 1])).toBe(3);
  });

  it("splits the days spent into this exercise's and the others', as a submission's decision needs them", () => {
    const spent = new Map([["walk-32", 2], ["walk-64", 1], ["kmap-local", 1]]);
    expect(graceBudgetFor(5, spent, "walk-32")).toEqual({ budget: 5, spentHere: 2, spentElsewhere: 2 });
    expect(graceBudgetFor(5, spent, "sample-ring")).toEqual({ budget: 5, spentHere: 0, spentElsewhere: 4 });
  });
});

describe("accessWindowsSchema", () => {
  const problems = (value: unknown) => {
    const parsed = accessWindowsSchema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("accepts ordered windows with zones", () => {
    expect(problems(windows)).toEqual([]);
    expect(problems([{ until: "2027-01-25T22:59Z", credit: 0 }])).toEqual([]);
  });

  it("refuses times without a zone, impossible dates, out-of-order windows, late from and bad credit", () => {
    expect(problems([{ until: "2027-01-25T23:59:00", credit: 100 }])[0]).toMatch(/^0.until: a time must be ISO-8601 with a zone/);
    expect(problems([{ until: "2027-02-30T23:59:00Z", credit: 100 }])[0]).toMatch(/^0.until: not a real date/);
    expect(problems([{ until: "2027-01-25T25:00:00Z", credit: 100 }])[0]).toMatch(/^0.until: not a real date/);
    expect(problems([{ until: "2027-02-01T00:00:00Z", credit: 100 }, { until: "2027-02-01T01:00:00+01:00", credit: 50 }])).toEqual([
      "1.until: windows must be in order: this until is not after window 1's (2027-02-01T00:00:00Z)",
    ]);
    expect(problems([{ until: "2027-02-01T00:00:00Z", credit: 100 }, { from: "2027-01-01T00:00:00Z", until: "2027-02-02T00:00:00Z", credit: 50 }])).toEqual(["1.from: only the first window may say from"]);
    expect(problems([{ from: "2027-02-01T00:00:00Z", until: "2027-02-01T00:00:00Z", credit: 100 }])).toEqual(["0.from: from must be before the first window's until"]);
    expect(problems([{ until: "2027-02-01T00:00:00Z", credit: 101 }])).toEqual(["0.credit: credit is at most 100"]);
    expect(problems([{ until: "2027-02-01T00:00:00Z", credit: 12.5 }])).toEqual(["0.credit: credit is a whole percent"]);
    expect(problems([])[0]).toMatch(/at least one window/);
    expect(problems([{ until: "2027-02-01T00:00:00Z", credit: 50, late: true }])[0]).toMatch(/late/);
  });
});
