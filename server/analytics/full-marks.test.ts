import { describe, expect, it } from "vitest";
import { attemptsToFullMarks, fullMarksJourneys, timeToFullMarks, type CountedSubmission } from "./full-marks";

const sub = (userId: string, minute: number, rawScore: number | null, status = "graded"): CountedSubmission => ({
  userId,
  status,
  rawScore,
  maxScore: 10,
  createdAt: new Date(Date.UTC(2027, 0, 1, 0, minute)),
});

describe("full marks", () => {
  it("counts the submissions up to and including the first with every point, whatever came after", () => {
    const journeys = fullMarksJourneys([
      sub("a", 5, 10), // given out of order: sorted by time
      sub("a", 1, 4),
      sub("a", 3, null, "queued"),
      sub("a", 9, 10),
      sub("b", 2, 10),
      sub("c", 1, 9.5),
      sub("d", 1, 10, "queued"), // not graded: not full marks
    ]);
    expect([...journeys.entries()].map(([id, j]) => [id, j.attempts, j.at.getUTCMinutes()]).sort()).toEqual([
      ["a", 3, 5],
      ["b", 1, 2],
    ]);
  });

  it("gives the distribution 1..9, 10+ and the median", () => {
    const journeys = new Map([1, 1, 2, 4, 12, 10].map((attempts, i) => [`u${i}`, { attempts, at: new Date(0) }]));
    expect(attemptsToFullMarks(journeys)).toEqual({
      learners: 6,
      distribution: [2, 1, 0, 1, 0, 0, 0, 0, 0, 2],
      median: 3,
    });
    expect(attemptsToFullMarks(new Map())).toEqual({
      learners: 0,
      distribution: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      median: null,
    });
  });

  it("measures from the first open, leaving out learners never seen opening the lesson and those with full marks before it", () => {
    const journeys = new Map([
      ["a", { attempts: 1, at: new Date(10_000) }],
      ["b", { attempts: 1, at: new Date(50_000) }],
      ["c", { attempts: 1, at: new Date(5_000) }],
      ["d", { attempts: 1, at: new Date(5_000) }],
    ]);
    const opened = new Map([
      ["a", new Date(0)],
      ["b", new Date(20_000)],
      ["c", new Date(6_000)],
    ]);
    expect(timeToFullMarks(journeys, opened)).toEqual({ learners: 2, medianMs: 20_000, fullMarksBeforeOpen: 1 });
  });
});
