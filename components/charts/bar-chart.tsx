import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridColumns } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { BOTTOM_AXIS_HEIGHT, BOTTOM_LABEL_OFFSET, axisLook } from "./chart-axis";
import { ChartFrame, type ChartHeading } from "./chart-frame";
import {
  TICK_FONT_SIZE,
  TICK_LENGTH,
  estimateTextWidth,
  formatNumber,
  indexOfMax,
  requireBarValue,
  roundTo,
  toHundredths,
  truncate,
} from "./chart-geometry";

export type BarDatum = {
  label: string;
  value: number;
  /** Marks this bar ("hardest"): drawn in the highlight colour, and the words are written beside its value and in the table. */
  highlight?: string;
};

export type BarChartProps = ChartHeading & {
  /** Top to bottom. */
  bars: readonly BarDatum[];
  /** What the bars are, for the table's first column: "check". */
  categoryLabel: string;
  /** The value axis's label with its unit: "failed (% of learners)". */
  valueLabel: string;
  /** Written after each value on the bars: "%". */
  valueSuffix?: string;
  /** Decimals shown for values (default 0). */
  decimals?: number;
  /** The value axis's end (100 for a share in percent); by default the largest value, rounded up to a round number. */
  maxValue?: number;
  /** Shown instead of the chart when there are no bars. */
  emptyText?: string;
  /** The drawing's width in viewBox units (its height follows from the number of bars). */
  width?: number;
};

const ROW_HEIGHT = 26;
const MARGIN_TOP = 6;
const MAX_CATEGORY_CHARACTERS = 22;

/** Horizontal bars, one per category, each with its value written at its end and the same values as a table. */
export function BarChart({
  bars,
  categoryLabel,
  valueLabel,
  valueSuffix = "",
  decimals = 0,
  maxValue,
  emptyText = "Nothing to plot yet.",
  width = 480,
  ...heading
}: BarChartProps) {
  const values = bars.map((bar) => requireBarValue(bar.value, `the value of "${bar.label}"`));
  const valueText = (bar: BarDatum) =>
    `${formatNumber(bar.value, decimals)}${valueSuffix}${bar.highlight ? ` (${bar.highlight})` : ""}`;
  const named = (bar: BarDatum) => (bar.highlight ? `${bar.label} (${bar.highlight})` : bar.label);
  const table = {
    columns: [categoryLabel, valueLabel],
    rows: bars.map((bar) => [named(bar), roundTo(bar.value, decimals)]),
  };
  const largest = bars[indexOfMax(values)];
  const marked = bars.filter((bar) => bar.highlight).map((bar) => ` Marked ${bar.highlight}: ${bar.label}.`);
  const summary = largest
    ? `${bars.length} bars of ${valueLabel}, one per ${categoryLabel}; the largest: ${largest.label}, ${formatNumber(largest.value, decimals)}${valueSuffix}.${marked.join("")}`
    : "";

  const left = Math.min(
    Math.round(width * 0.45),
    Math.max(
      40,
      ...bars.map((bar) => estimateTextWidth(truncate(bar.label, MAX_CATEGORY_CHARACTERS), TICK_FONT_SIZE)),
    ) +
      TICK_LENGTH +
      6,
  );
  const right = Math.max(24, ...bars.map((bar) => estimateTextWidth(valueText(bar), TICK_FONT_SIZE))) + 8;
  const innerWidth = width - left - right;
  const innerHeight = bars.length * ROW_HEIGHT;
  const height = MARGIN_TOP + innerHeight + BOTTOM_AXIS_HEIGHT;

  const xScale = scaleLinear<number>({
    domain: [0, Math.max(maxValue ?? 0, ...values) || 1],
    range: [0, innerWidth],
    nice: maxValue === undefined,
  }).interpolate(toHundredths);
  const xTicks = xScale.ticks(Math.max(2, Math.floor(innerWidth / 45)));
  const yScale = scaleBand<number>({ domain: bars.map((_, index) => index), range: [0, innerHeight], padding: 0.22 });

  return (
    <ChartFrame
      {...heading}
      summary={summary}
      table={table}
      width={width}
      height={height}
      isEmpty={bars.length === 0}
      emptyText={emptyText}
    >
      <Group left={left} top={MARGIN_TOP}>
        <GridColumns
          className="chart-grid"
          scale={xScale}
          height={innerHeight}
          tickValues={xTicks}
          stroke="var(--border)"
        />
        {bars.map((bar, index) => {
          const y = yScale(index) ?? 0;
          const isHighlighted = bar.highlight !== undefined;
          return (
            <g key={index}>
              <Bar
                className={isHighlighted ? "chart-bar is-highlighted" : "chart-bar"}
                data-highlighted={isHighlighted ? "true" : undefined}
                x={0}
                y={y}
                width={xScale(bar.value)}
                height={yScale.bandwidth()}
                fill={isHighlighted ? "var(--bad)" : "var(--accent)"}
              >
                <title>{`${named(bar)}: ${formatNumber(bar.value, decimals)}${valueSuffix}`}</title>
              </Bar>
              <text
                className={isHighlighted ? "chart-value is-highlighted" : "chart-value"}
                x={xScale(bar.value) + 4}
                y={y + yScale.bandwidth() / 2}
                dy="0.35em"
                fontSize={TICK_FONT_SIZE}
              >
                {valueText(bar)}
              </text>
            </g>
          );
        })}
        <AxisLeft
          {...axisLook}
          scale={yScale}
          hideTicks
          tickFormat={(index) => truncate(bars[index]?.label ?? "", MAX_CATEGORY_CHARACTERS)}
        />
        <AxisBottom
          {...axisLook}
          top={innerHeight}
          scale={xScale}
          tickValues={xTicks}
          tickFormat={(value) => String(value)}
          label={valueLabel}
          labelOffset={BOTTOM_LABEL_OFFSET}
        />
      </Group>
    </ChartFrame>
  );
}
