import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { bottomTicks, findAll, numberAttr, tableRows, textOf } from "./markup-for-tests";
import { TimeSeriesChart, type TimeBin, type TimeSeriesChartProps } from "./time-series-chart";

// Submissions per hour around a deadline, and active learners per day: times in UTC on the axis, in the table and in
// what a screen reader hears, whatever the server's time zone.

const hour = (day: number, h: number, m = 0) => new Date(Date.UTC(2026, 2, day, h, m));
const hourly = (day: number, from: number, values: number[]): TimeBin[] =>
  values.map((value, i) => ({ start: hour(day, from + i), end: hour(day, from + i + 1), value }));

const submissions = (props: Partial<TimeSeriesChartProps> = {}) =>
  renderToStaticMarkup(
    createElement(TimeSeriesChart, {
      id: "submissions-walk-32",
      title: "Submissions around the deadline",
      headingLevel: 3,
      yLabel: "submissions per hour",
      bins: hourly(25, 10, [1, 3, 8, 20, 2, 0]),
      markers: [{ at: hour(25, 13, 30), label: "deadline" }],
      ...props,
    }),
  );

describe("submissions per hour around a deadline", () => {
  it("has its title and axis labels, and says the times are UTC", () => {
    const html = submissions();
    expect(textOf(html)).toContain("Submissions around the deadline");
    expect(findAll(html, "text", "chart-axis-label").map((label) => label.text)).toEqual([
      "submissions per hour",
      "time (UTC)",
    ]);
    expect(bottomTicks(html).map((tick) => tick.label)).toEqual([
      "10:00",
      "11:00",
      "12:00",
      "13:00",
      "14:00",
      "15:00",
      "16:00",
    ]);
  });

  it("draws the deadline as a labelled line between the 13:00 and 14:00 ticks, halfway for 13:30", () => {
    const html = submissions();
    const ticks = bottomTicks(html);
    const x = (label: string) => ticks.find((tick) => tick.label === label)?.x ?? NaN;
    const marker = html.split('<g class="chart-marker" data-marker="deadline">')[1] ?? "";
    const line = findAll(marker, "line")[0];
    expect(numberAttr(line, "x1")).toBeGreaterThan(x("13:00"));
    expect(numberAttr(line, "x1")).toBeLessThan(x("14:00"));
    expect(numberAttr(line, "x1")).toBeCloseTo((x("13:00") + x("14:00")) / 2, 1);
    expect(findAll(marker, "text")[0]?.text).toBe("deadline 13:30");
  });

  it("draws a bar per hour, from its start to its end, as tall as its count", () => {
    const html = submissions();
    const bars = findAll(html, "rect", "chart-bar");
    expect(bars).toHaveLength(6);
    const heights = bars.map((bar) => numberAttr(bar, "height"));
    expect(heights[2]! / heights[0]!).toBeCloseTo(8, 2);
    expect(heights[3]! / heights[4]!).toBeCloseTo(10, 2);
    const ticks = bottomTicks(html);
    expect(numberAttr(bars[3], "x")).toBeGreaterThan(ticks[3]!.x);
    expect(numberAttr(bars[3], "x") + numberAttr(bars[3], "width")).toBeLessThan(ticks[4]!.x);
  });

  it("has a table with one row per hour, the deadline in its caption, and a summary with the peak", () => {
    const html = submissions();
    const rows = tableRows(html);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual(["2026-03-25 10:00–11:00", "1"]);
    expect(rows[3]).toEqual(["2026-03-25 13:00–14:00", "20"]);
    expect(findAll(html, "caption")[0]?.text).toBe("Submissions around the deadline. deadline: 2026-03-25 13:30 UTC.");
    expect(
      findAll(html, "th")
        .filter((th) => th.attrs.scope === "col")
        .map((th) => th.text),
    ).toEqual(["time (UTC)", "submissions per hour"]);
    expect(findAll(html, "p").find((p) => p.attrs.id === "submissions-walk-32-summary")?.text).toBe(
      "submissions per hour from 2026-03-25 10:00 to 2026-03-25 16:00 UTC; the most (20) in 2026-03-25 13:00–14:00. deadline: 2026-03-25 13:30 UTC.",
    );
  });

  it("widens its time axis to a deadline outside the bins", () => {
    const html = submissions({ markers: [{ at: hour(25, 18), label: "deadline" }] });
    const ticks = bottomTicks(html);
    const marker = findAll(html.split('data-marker="deadline">')[1] ?? "", "line")[0];
    expect(numberAttr(marker, "x1")).toBeCloseTo(ticks.find((tick) => tick.label === "18:00")?.x ?? NaN, 6);
  });

  it("says so in words when nothing was submitted, and refuses bins out of order", () => {
    const empty = submissions({ bins: hourly(25, 10, [0, 0, 0]), emptyText: "No submissions in these hours." });
    expect(textOf(empty)).toContain("No submissions in these hours.");
    expect(empty).not.toContain("<svg");
    expect(textOf(submissions({ bins: [] }))).toContain("Nothing happened in this period.");
    const [a, b] = hourly(25, 10, [1, 2]);
    expect(() => submissions({ bins: [b!, a!] })).toThrow(/must be in order and not overlap/);
  });
});

describe("active learners per day", () => {
  const days: TimeBin[] = [24, 25, 26, 27].map((day, i) => ({
    start: hour(day, 0),
    end: hour(day + 1, 0),
    value: [12, 30, 18, 5][i]!,
  }));
  const html = renderToStaticMarkup(
    createElement(TimeSeriesChart, {
      id: "active",
      title: "Active learners",
      headingLevel: 2,
      mark: "line",
      xLabel: "day",
      yLabel: "active learners",
      bins: days,
    }),
  );

  it("draws a line through the days' middles with a dot per day, and names the days on the axis", () => {
    expect(findAll(html, "path", "chart-line")).toHaveLength(1);
    expect(findAll(html, "circle", "chart-dot")).toHaveLength(4);
    expect(findAll(html, "rect", "chart-bar")).toHaveLength(0);
    expect(bottomTicks(html).map((tick) => tick.label)).toContain("Mar 25");
    expect(findAll(html, "text", "chart-axis-label").map((label) => label.text)).toContain("day (UTC)");
  });

  it("writes each day once in its table", () => {
    expect(tableRows(html)).toEqual([
      ["2026-03-24", "12"],
      ["2026-03-25", "30"],
      ["2026-03-26", "18"],
      ["2026-03-27", "5"],
    ]);
  });
});
