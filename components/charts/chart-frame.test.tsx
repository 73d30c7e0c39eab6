import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChartFrame, type ChartFrameProps } from "./chart-frame";
import { findAll, tableRows, textOf } from "./markup-for-tests";

// Server rendering, as a page does it: what a sighted reader, a screen reader and a keyboard user get from a chart.

const frame = (props: Partial<ChartFrameProps> = {}) =>
  renderToStaticMarkup(
    createElement(ChartFrame, {
      id: "best-scores-walk-32",
      title: "Best scores",
      headingLevel: 3,
      subtitle: "Each learner's best submission",
      summary: "learners: 3 in all; the most (2) in 90 to 100.",
      table: {
        columns: ["score (% of max)", "learners"],
        rows: [
          ["0 to under 10", 1],
          ["90 to 100", 2],
        ],
      },
      width: 320,
      height: 200,
      isEmpty: false,
      emptyText: "No learner has a score yet.",
      children: createElement("rect", { className: "chart-bar", width: 10, height: 20 }),
      ...props,
    }),
  );

describe("a chart's frame", () => {
  it("is a figure titled by a heading of the level asked for, with its subtitle and a test hook", () => {
    const html = frame();
    expect(html).toContain('<figure class="chart" data-chart="best-scores-walk-32">');
    expect(html).toContain('<h3 id="best-scores-walk-32-title" class="chart-title">Best scores</h3>');
    expect(textOf(html)).toContain("Each learner's best submission");
    expect(frame({ headingLevel: 2 })).toContain('<h2 id="best-scores-walk-32-title"');
  });

  it("names the drawing by the title and a summary a screen reader hears, and scales it by its viewBox", () => {
    const html = frame();
    const [svg] = findAll(html, "svg");
    expect(svg?.attrs).toMatchObject({
      role: "img",
      "aria-labelledby": "best-scores-walk-32-title best-scores-walk-32-summary",
      viewBox: "0 0 320 200",
      width: "100%",
    });
    const summary = findAll(html, "p").find((p) => p.attrs.id === "best-scores-walk-32-summary");
    expect(summary?.text).toBe("learners: 3 in all; the most (2) in 90 to 100.");
    expect(html).toContain('<rect class="chart-bar" width="10" height="20">');
  });

  it("offers the same data as a table behind a native toggle, with a caption and column headers with units", () => {
    const html = frame();
    expect(html).toMatch(
      /<details class="chart-table"><summary>Show as table<\/summary><table><caption>Best scores<\/caption>/,
    );
    expect(
      findAll(html, "th")
        .filter((th) => th.attrs.scope === "col")
        .map((th) => th.text),
    ).toEqual(["score (% of max)", "learners"]);
    expect(tableRows(html)).toEqual([
      ["0 to under 10", "1"],
      ["90 to 100", "2"],
    ]);
    // The first cell heads its row; numbers are right-aligned.
    expect(html).toContain('<th scope="row">90 to 100</th><td class="chart-number">2</td>');
  });

  it("shows the empty text instead of an empty drawing and an empty table", () => {
    const html = frame({ isEmpty: true });
    expect(textOf(html)).toContain("No learner has a score yet.");
    expect(html).toContain('<p class="chart-empty">');
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<details");
    expect(html).toContain("Best scores</h3>");
  });

  it("refuses an id that cannot name its parts", () => {
    expect(() => frame({ id: "best scores" })).toThrow(/cannot be empty or hold spaces/);
    expect(() => frame({ id: "" })).toThrow(/cannot be empty or hold spaces/);
  });
});
