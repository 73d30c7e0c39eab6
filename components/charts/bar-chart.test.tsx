import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, type BarChartProps } from "./bar-chart";
import { bottomTicks, findAll, leftTicks, numberAttr, tableRows, textOf } from "./markup-for-tests";

// Per-check fail share in percent, the hardest check marked: what an instructor sees and what a screen reader reads.

const failShare = (props: Partial<BarChartProps> = {}) =>
  renderToStaticMarkup(
    createElement(BarChart, {
      id: "fail-share-walk-32",
      title: "Checks failed",
      headingLevel: 3,
      categoryLabel: "check",
      valueLabel: "failed (% of learners)",
      valueSuffix: "%",
      decimals: 1,
      maxValue: 100,
      bars: [
        { label: "walks-the-directory", value: 20 },
        { label: "sets-the-accessed-bit-on-every-level", value: 62.5, highlight: "hardest" },
        { label: "reports-not-present", value: 40 },
      ],
      ...props,
    }),
  );

describe("a bar chart of fail shares", () => {
  it("has its title, the value axis's label with its unit, and the categories along its side", () => {
    const html = failShare();
    expect(html).toContain('<h3 id="fail-share-walk-32-title" class="chart-title">Checks failed</h3>');
    expect(findAll(html, "text", "chart-axis-label").map((label) => label.text)).toEqual(["failed (% of learners)"]);
    // A long check name is cut on the axis; the table has it whole.
    expect(leftTicks(html)).toEqual(["walks-the-directory", "sets-the-accessed-bit…", "reports-not-present"]);
    expect(bottomTicks(html).map((tick) => tick.label)).toEqual(["0", "20", "40", "60", "80", "100"]);
  });

  it("marks the hardest check by colour and in words, beside its value and in the table", () => {
    const html = failShare();
    const bars = findAll(html, "rect", "chart-bar");
    expect(bars.map((bar) => bar.attrs["data-highlighted"] ?? null)).toEqual([null, "true", null]);
    expect(bars[1]?.attrs.class).toContain("is-highlighted");
    expect(bars[1]?.attrs.fill).toBe("var(--bad)");
    expect(bars[0]?.attrs.fill).toBe("var(--accent)");
    expect(findAll(html, "text", "chart-value").map((value) => value.text)).toEqual(["20%", "62.5% (hardest)", "40%"]);
    expect(tableRows(html)).toEqual([
      ["walks-the-directory", "20"],
      ["sets-the-accessed-bit-on-every-level (hardest)", "62.5"],
      ["reports-not-present", "40"],
    ]);
    expect(findAll(html, "p").find((p) => p.attrs.id === "fail-share-walk-32-summary")?.text).toBe(
      "3 bars of failed (% of learners), one per check; the largest: sets-the-accessed-bit-on-every-level, 62.5%. Marked hardest: sets-the-accessed-bit-on-every-level.",
    );
  });

  it("draws bars as long as their values on a 0-100 axis: twice the share, twice the length", () => {
    const html = failShare();
    const widths = findAll(html, "rect", "chart-bar").map((bar) => numberAttr(bar, "width"));
    expect(widths[2]! / widths[0]!).toBeCloseTo(2, 2);
    const x100 = bottomTicks(html).find((tick) => tick.label === "100")?.x ?? NaN;
    expect(widths[1]! / x100).toBeCloseTo(0.625, 2);
  });

  it("grows with its bars, a row each", () => {
    const height = (count: number) =>
      Number(
        findAll(
          failShare({ bars: Array.from({ length: count }, (_, i) => ({ label: `check-${i}`, value: i })) }),
          "svg",
        )[0]?.attrs.viewBox?.split(" ")[3],
      );
    expect(height(8) - height(4)).toBe(height(12) - height(8));
    expect(height(8)).toBeGreaterThan(height(4));
  });

  it("says so in words when there is nothing to plot", () => {
    const html = failShare({ bars: [], emptyText: "No learner has submitted this exercise yet." });
    expect(textOf(html)).toContain("No learner has submitted this exercise yet.");
    expect(html).not.toContain("<svg");
  });

  it("refuses a value no bar can show", () => {
    expect(() => failShare({ bars: [{ label: "broken", value: Number.NaN }] })).toThrow(/"broken" = NaN/);
  });
});
