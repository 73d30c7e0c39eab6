import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Histogram, type HistogramProps } from "./histogram";
import { bottomTicks, findAll, leftTicks, numberAttr, tableRows, textOf } from "./markup-for-tests";
import { tenthsOfMax } from "./score-bins";

// The gradebook's "Best scores" (ten counts in tenths of the maximum) and an ordered, named-bin histogram.

const bestScores = (counts: number[], props: Partial<HistogramProps> = {}) =>
  renderToStaticMarkup(
    createElement(Histogram, {
      id: "best-scores-walk-32",
      title: "Best scores",
      headingLevel: 3,
      ...tenthsOfMax(counts),
      xLabel: "score (% of max)",
      yLabel: "learners",
      emptyText: "No learner has a score on this exercise yet.",
      ...props,
    }),
  );

const counts = [1, 0, 0, 2, 0, 0, 4, 0, 0, 8];
const barHeights = (html: string) => findAll(html, "rect", "chart-bar").map((bar) => numberAttr(bar, "height"));

describe("the best-scores histogram", () => {
  it("has its title and both axis labels with units", () => {
    const html = bestScores(counts);
    expect(html).toContain('<h3 id="best-scores-walk-32-title" class="chart-title">Best scores</h3>');
    const axisLabels = findAll(html, "text", "chart-axis-label").map((label) => label.text);
    expect(axisLabels).toEqual(["learners", "score (% of max)"]);
  });

  it("draws one bar per tenth, each as tall as its count says: twice the learners, twice the height", () => {
    const heights = barHeights(bestScores(counts));
    expect(heights).toHaveLength(10);
    expect(heights[1]).toBe(0);
    expect(heights[3]! / heights[0]!).toBeCloseTo(2, 2);
    expect(heights[6]! / heights[3]!).toBeCloseTo(2, 2);
    expect(heights[9]! / heights[0]!).toBeCloseTo(8, 2);
  });

  it("puts each bar between its edges on a 0-100 axis, and counts learners in whole numbers", () => {
    const html = bestScores(counts);
    const ticks = bottomTicks(html);
    expect(ticks.map((tick) => tick.label)).toEqual(["0", "20", "40", "60", "80", "100"]);
    const x = (label: string) => ticks.find((tick) => tick.label === label)?.x ?? NaN;
    const last = findAll(html, "rect", "chart-bar")[9];
    expect(numberAttr(last, "x")).toBeGreaterThan(x("80"));
    expect(numberAttr(last, "x") + numberAttr(last, "width")).toBeLessThanOrEqual(x("100"));
    expect(leftTicks(bestScores([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toEqual(["0", "1"]); // never "0.5 learners"
  });

  it("has a table with one row per tenth and its count, and a summary with the total and the tallest bar", () => {
    const html = bestScores(counts);
    const rows = tableRows(html);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(["0 to under 10", "1"]);
    expect(rows[3]).toEqual(["30 to under 40", "2"]);
    expect(rows[9]).toEqual(["90 to 100", "8"]);
    expect(findAll(html, "p").find((p) => p.attrs.id === "best-scores-walk-32-summary")?.text).toBe(
      "learners: 15 in all, over 10 bins of score (% of max); the most (8) in 90 to 100.",
    );
  });

  it("says so in words, with no axes, when no learner has a score", () => {
    const html = bestScores([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(textOf(html)).toContain("No learner has a score on this exercise yet.");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("chart-axis");
  });

  it("renders the same markup every time (no random ids)", () => {
    expect(bestScores(counts)).toBe(bestScores(counts));
  });

  it("refuses edges that do not bound its bins, and counts no bar can show", () => {
    expect(() => bestScores(counts, { edges: [0, 50, 100] })).toThrow(/needs 11 increasing edges/);
    expect(() => bestScores([1, 0, 0, 0, 0, 0, 0, 0, 0, -1])).toThrow(/bars need a finite value of 0 or more/);
  });
});

describe("a histogram over named bins", () => {
  const attempts = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"].map((label, index) => ({
    label,
    count: index === 0 ? 6 : 10 - index,
  }));
  const html = renderToStaticMarkup(
    createElement(Histogram, {
      id: "attempts",
      title: "Attempts to full marks",
      headingLevel: 3,
      bins: attempts,
      xLabel: "attempts",
      yLabel: "learners",
    }),
  );

  it("names every bar under it, the open-ended last one too", () => {
    expect(bottomTicks(html).map((tick) => tick.label)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"]);
    expect(tableRows(html)[9]).toEqual(["10+", "1"]);
  });

  it("centres each name under its bar", () => {
    const bars = findAll(html, "rect", "chart-bar");
    bottomTicks(html).forEach((tick, index) => {
      const bar = bars[index];
      expect(tick.x).toBeCloseTo(numberAttr(bar, "x") + numberAttr(bar, "width") / 2, 6);
    });
  });
});
