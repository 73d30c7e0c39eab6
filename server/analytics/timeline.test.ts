import { describe, expect, it } from "vitest";
import type { AccessWindows } from "../../contract/access";
import { submissionTimeline } from "./timeline";

const WINDOWS: AccessWindows = [
  { until: "2027-03-27T12:00:00+01:00", credit: 100 },
  { until: "2027-04-03T12:00:00+02:00", credit: 50 },
];
const at = (userId: string, iso: string) => ({ userId, createdAt: new Date(iso) });
const names = new Map([
  ["u1", "Zoe"],
  ["u2", "Ada"],
  ["u3", "Bob"],
]);

describe("submissionTimeline", () => {
  it("bins by the hour over 48 hours either side of the deadline, aligned on it", () => {
    const timeline = submissionTimeline(
      [
        at("u1", "2027-03-25T10:59:59.999Z"), // 48 h before 11:00Z to the ms: before the bins
        at("u1", "2027-03-25T11:00:00.000Z"), // the first bin
        at("u2", "2027-03-27T10:00:00.000Z"), // the last hour: [10:00Z, 11:00Z)
        at("u3", "2027-03-27T10:59:59.999Z"),
        at("u2", "2027-03-27T10:30:00.000Z"),
        at("u1", "2027-03-27T11:00:00.000Z"), // at the deadline: the next window, the first bin after it
        at("u1", "2027-03-29T11:00:00.000Z"), // 48 h after: after the bins
      ],
      WINDOWS,
      names,
    );
    expect(timeline).toMatchObject({
      deadline: "2027-03-27T11:00:00.000Z",
      finalClose: "2027-04-03T10:00:00.000Z",
      binning: "hour",
      before: 1,
      after: 1,
    });
    expect(timeline.bins).toHaveLength(96);
    expect(timeline.bins[0]).toEqual({ start: "2027-03-25T11:00:00.000Z", end: "2027-03-25T12:00:00.000Z", count: 1 });
    expect(timeline.bins[47]).toEqual({ start: "2027-03-27T10:00:00.000Z", end: "2027-03-27T11:00:00.000Z", count: 3 });
    expect(timeline.bins[48]?.count).toBe(1);
    expect(timeline.bins.reduce((sum, b) => sum + b.count, 0)).toBe(5);
    expect(timeline.lastHour).toEqual({
      submissions: 3,
      learners: [
        { userId: "u2", name: "Ada" },
        { userId: "u3", name: "Bob" },
      ],
    });
  });

  it("without windows, bins by UTC day from the first submission's day to the last one's, and has no last hour", () => {
    const timeline = submissionTimeline(
      [at("u1", "2027-01-03T23:59:59Z"), at("u2", "2027-01-01T00:00:00Z"), at("u3", "2027-01-03T00:00:00Z")],
      null,
      names,
    );
    expect(timeline).toMatchObject({
      deadline: null,
      finalClose: null,
      binning: "day",
      before: 0,
      after: 0,
      lastHour: null,
    });
    expect(timeline.bins.map((b) => [b.start.slice(0, 10), b.count])).toEqual([
      ["2027-01-01", 1],
      ["2027-01-02", 0],
      ["2027-01-03", 2],
    ]);
  });

  it("keeps the latest 366 days of a longer span and counts the rest before; no submissions, no bins", () => {
    const timeline = submissionTimeline(
      [at("u1", "2025-01-01T12:00:00Z"), at("u1", "2027-01-01T12:00:00Z")],
      null,
      names,
    );
    expect(timeline.bins).toHaveLength(366);
    expect(timeline.bins.at(-1)).toMatchObject({ start: "2027-01-01T00:00:00.000Z", count: 1 });
    expect(timeline.before).toBe(1);
    expect(submissionTimeline([], null, names)).toMatchObject({ bins: [], before: 0, after: 0 });
  });
});
