import type { ReactNode } from "react";
import "./charts.css";

export type HeadingLevel = 2 | 3 | 4 | 5 | 6;

/** What every chart says about itself: its title (a heading), an optional subtitle, and the id its parts are named by. */
export type ChartHeading = {
  /** Names the figure's parts (`<id>-title`, `<id>-summary`) and its test hook (`data-chart="<id>"`): unique on the page. */
  id: string;
  title: string;
  headingLevel: HeadingLevel;
  subtitle?: string;
};

/** The chart as a table: the text alternative behind "Show as table". */
export type ChartTable = {
  /** Defaults to the chart's title. */
  caption?: string;
  /** One header per column, with its unit: "score (% of max)", "learners". */
  columns: readonly string[];
  /** One row per datum; the first cell heads its row. Numbers are right-aligned. */
  rows: readonly (readonly (string | number)[])[];
};

export type ChartFrameProps = ChartHeading & {
  /** A sentence or two a screen reader hears after the title: the total, the largest bar, a marked instant. */
  summary: string;
  table: ChartTable;
  /** The drawing's size in viewBox units; it scales to the frame's width (up to 1.5 times this width). */
  width: number;
  height: number;
  /** Nothing to plot: `emptyText` is shown instead of the drawing and the table. */
  isEmpty: boolean;
  emptyText: string;
  /** The drawing: SVG elements, placed inside the frame's `<svg>`. */
  children: ReactNode;
};

/**
 * A chart as a figure: a visible title, an optional subtitle, the drawing (one `<svg role="img">` named by the title
 * and the summary), and the same data as a table behind a native `<details>`, which needs no script. A server
 * component: no state, no effects, nothing to hydrate.
 */
export function ChartFrame({
  id,
  title,
  headingLevel,
  subtitle,
  summary,
  table,
  width,
  height,
  isEmpty,
  emptyText,
  children,
}: ChartFrameProps) {
  if (!/^\S+$/.test(id))
    throw new Error(`A chart's id names its parts in aria-labelledby, so it cannot be empty or hold spaces: "${id}"`);
  const Heading: `h${HeadingLevel}` = `h${headingLevel}`;
  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;
  return (
    <figure className="chart" data-chart={id}>
      <figcaption className="chart-caption">
        <Heading id={titleId} className="chart-title">
          {title}
        </Heading>
        {subtitle ? <p className="chart-subtitle">{subtitle}</p> : null}
      </figcaption>
      {isEmpty ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <>
          <svg
            className="chart-svg"
            viewBox={`0 0 ${width} ${height}`}
            width="100%"
            style={{ maxWidth: `${Math.round(width * 1.5)}px` }}
            role="img"
            aria-labelledby={`${titleId} ${summaryId}`}
          >
            {children}
          </svg>
          {/* Hidden from view, not from aria-labelledby: the name is computed from hidden nodes too. */}
          <p id={summaryId} hidden>
            {summary}
          </p>
          <details className="chart-table">
            <summary>Show as table</summary>
            <table>
              <caption>{table.caption ?? title}</caption>
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, rowIndex) => (
                  <tr key={rowIndex}>
                    {row.map((cell, cellIndex) =>
                      cellIndex === 0 ? (
                        <th key={cellIndex} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={cellIndex} className={typeof cell === "number" ? "chart-number" : undefined}>
                          {cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
