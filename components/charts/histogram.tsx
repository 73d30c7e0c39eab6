import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { BOTTOM_AXIS_HEIGHT, BOTTOM_LABEL_OFFSET, axisLook, leftAxisRoom } from "./chart-axis";
import { ChartFrame, type ChartHeading } from "./chart-frame";
import {
  TICK_FONT_SIZE,
  countTicks,
  estimateTextWidth,
  indexOfMax,
  requireBarValue,
  toHundredths,
} from "./chart-geometry";

export type HistogramBin = {
  /** The bin in words, for the table and the bar's tooltip: "10 to under 20", "10+". */
  label: string;
  count: number;
};

export type HistogramProps = ChartHeading & {
  /** In order along the x-axis. */
  bins: readonly HistogramBin[];
  /**
   * Numeric bin edges (one more than bins, increasing): the x-axis is then a number line with ticks at the edges, as
   * for a measured quantity (score 0, 20, ... 100). Without edges each bar is named by its bin's label (1, 2, ... 10+).
   */
  edges?: readonly number[];
  /** The x-axis label with its unit: "score (% of max)". */
  xLabel: string;
  /** What is counted, as a plural noun: "learners". */
  yLabel: string;
  /** Shown instead of the chart when there are no bins or every count is 0. */
  emptyText?: string;
  /** The drawing's width in viewBox units (its height is 200). */
  width?: number;
};

const HEIGHT = 200;
const MARGIN_TOP = 10;
const MARGIN_RIGHT = 14;
const MAX_EDGE_TICKS = 6;

/** Counts over ordered bins as vertical bars, with a count axis in whole numbers and the same counts as a table. */
export function Histogram({
  bins,
  edges,
  xLabel,
  yLabel,
  emptyText = "Nothing to plot yet.",
  width = 320,
  ...heading
}: HistogramProps) {
  const counts = bins.map((bin) => requireBarValue(bin.count, `the count of bin "${bin.label}"`));
  if (edges && (edges.length !== bins.length + 1 || edges.some((edge, i) => i > 0 && edge <= (edges[i - 1] ?? edge)))) {
    throw new Error(
      `A histogram of ${bins.length} bins needs ${bins.length + 1} increasing edges, not [${edges.join(", ")}]`,
    );
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  const tallest = indexOfMax(counts);
  const table = { columns: [xLabel, yLabel], rows: bins.map((bin) => [bin.label, bin.count]) };
  const summary = `${yLabel}: ${total} in all, over ${bins.length} bins of ${xLabel}; the most (${counts[tallest]}) in ${bins[tallest]?.label}.`;

  const yScale = scaleLinear<number>({ domain: [0, Math.max(1, ...counts)], range: [0, 0], nice: 4 });
  const yTicks = countTicks(yScale.ticks(4));
  const left = leftAxisRoom(Math.max(...yTicks.map((tick) => estimateTextWidth(String(tick), TICK_FONT_SIZE))));
  const innerWidth = width - left.margin - MARGIN_RIGHT;
  const innerHeight = HEIGHT - MARGIN_TOP - BOTTOM_AXIS_HEIGHT;
  yScale.range([innerHeight, 0]).interpolate(toHundredths);

  // Each bin's left and right x: between its edges, or its band.
  const band = scaleBand<number>({
    domain: bins.map((_, index) => index),
    range: [0, innerWidth],
    paddingInner: 0.12,
    paddingOuter: 0.06,
  });
  const edgeScale = edges
    ? scaleLinear<number>({
        domain: [edges[0] ?? 0, edges[edges.length - 1] ?? 1],
        range: [0, innerWidth],
      }).interpolate(toHundredths)
    : null;
  const binSpan = (index: number): [number, number] => {
    if (edges && edgeScale) return [edgeScale(edges[index] ?? 0) + 1, edgeScale(edges[index + 1] ?? 0) - 1];
    const x = band(index) ?? 0;
    return [x, x + band.bandwidth()];
  };

  return (
    <ChartFrame
      {...heading}
      summary={summary}
      table={table}
      width={width}
      height={HEIGHT}
      isEmpty={total === 0}
      emptyText={emptyText}
    >
      <Group left={left.margin} top={MARGIN_TOP}>
        <GridRows className="chart-grid" scale={yScale} width={innerWidth} tickValues={yTicks} stroke="var(--border)" />
        {bins.map((bin, index) => {
          const [x0, x1] = binSpan(index);
          const y = yScale(bin.count);
          return (
            <Bar
              key={index}
              className="chart-bar"
              x={x0}
              y={y}
              width={Math.max(0, x1 - x0)}
              height={innerHeight - y}
              fill="var(--accent)"
            >
              <title>{`${bin.label}: ${yLabel} ${bin.count}`}</title>
            </Bar>
          );
        })}
        <AxisLeft
          {...axisLook}
          scale={yScale}
          tickValues={yTicks}
          tickFormat={(value) => String(value)}
          label={yLabel}
          labelOffset={left.labelOffset}
        />
        {edges && edgeScale ? (
          <AxisBottom
            {...axisLook}
            top={innerHeight}
            scale={edgeScale}
            tickValues={everyNth(edges, Math.ceil((edges.length - 1) / (MAX_EDGE_TICKS - 1)))}
            tickFormat={(value) => String(value)}
            label={xLabel}
            labelOffset={BOTTOM_LABEL_OFFSET}
          />
        ) : (
          <AxisBottom
            {...axisLook}
            top={innerHeight}
            scale={band}
            tickValues={everyNth(
              bins.map((_, index) => index),
              Math.ceil(
                (Math.max(...bins.map((bin) => estimateTextWidth(bin.label, TICK_FONT_SIZE))) + 2) /
                  Math.max(1, band.step()),
              ),
            )}
            tickFormat={(index) => bins[index]?.label ?? ""}
            label={xLabel}
            labelOffset={BOTTOM_LABEL_OFFSET}
          />
        )}
      </Group>
    </ChartFrame>
  );
}

/** Every `step`-th value from the first (so labels that would overlap are thinned, the first always kept). */
function everyNth<T>(values: readonly T[], step: number): T[] {
  return values.filter((_, index) => index % Math.max(1, step) === 0);
}
