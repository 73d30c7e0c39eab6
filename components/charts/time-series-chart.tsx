import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import { BOTTOM_AXIS_HEIGHT, BOTTOM_LABEL_OFFSET, axisLook, leftAxisRoom } from "./chart-axis";
import { ChartFrame, type ChartHeading } from "./chart-frame";
import {
  TICK_FONT_SIZE,
  countTicks,
  estimateTextWidth,
  formatNumber,
  indexOfMax,
  requireBarValue,
  roundTo,
  toHundredths,
} from "./chart-geometry";
import { formatUtcInstant, formatUtcRange, formatUtcTick, formatUtcTime } from "./utc-time";

export type TimeBin = {
  /** The period the value counts, from start (inclusive) to end. */
  start: Date;
  end: Date;
  value: number;
};

/** An instant drawn as a labelled vertical line: a deadline, the end of the late window. */
export type TimeMarker = { at: Date; label: string };

export type TimeSeriesChartProps = ChartHeading & {
  /** In time order, not overlapping (gaps are fine: they are drawn as gaps). */
  bins: readonly TimeBin[];
  /** Bars over the periods (default), or a line through their middles. */
  mark?: "bars" | "line";
  /** The time axis's name; the axis and the table add " (UTC)", the zone every time on the chart is written in. */
  xLabel?: string;
  /** The value axis's label with its unit: "submissions per hour", "active learners". */
  yLabel: string;
  markers?: readonly TimeMarker[];
  /** Decimals shown for values (default 0). */
  decimals?: number;
  /** Shown instead of the chart when there are no bins or every value is 0. */
  emptyText?: string;
  /** The drawing's width in viewBox units (its height is 240). */
  width?: number;
};

const HEIGHT = 240;
const MARGIN_TOP = 26; // room for a marker's label above the plot
const MARGIN_RIGHT = 20;
const MAX_DOTS = 60;

/** Values over time in UTC, with labelled instants (a deadline) as vertical lines and the same values as a table. */
export function TimeSeriesChart({
  bins,
  mark = "bars",
  xLabel = "time",
  yLabel,
  markers = [],
  decimals = 0,
  emptyText = "Nothing happened in this period.",
  width = 640,
  ...heading
}: TimeSeriesChartProps) {
  const values = bins.map((bin) => requireBarValue(bin.value, `the value from ${formatUtcInstant(bin.start)}`));
  bins.forEach((bin, index) => {
    const previous = bins[index - 1];
    if (!(bin.end > bin.start) || (previous && bin.start < previous.end)) {
      throw new Error(
        `Time bins must be in order and not overlap: ${formatUtcRange(bin.start, bin.end)} does not follow the one before`,
      );
    }
  });
  const first = bins[0];
  const last = bins[bins.length - 1];
  const timeLabel = `${xLabel} (UTC)`;
  const markerNotes = markers.map((marker) => ` ${marker.label}: ${formatUtcInstant(marker.at)} UTC.`).join("");
  const table = {
    caption: `${heading.title}.${markerNotes}`,
    columns: [timeLabel, yLabel],
    rows: bins.map((bin) => [formatUtcRange(bin.start, bin.end), roundTo(bin.value, decimals)]),
  };
  const peak = bins[indexOfMax(values)];
  const summary =
    first && last && peak
      ? `${yLabel} from ${formatUtcInstant(first.start)} to ${formatUtcInstant(last.end)} UTC; the most (${formatNumber(peak.value, decimals)}) in ${formatUtcRange(peak.start, peak.end)}.${markerNotes}`
      : "";

  const instants = [...bins.flatMap((bin) => [bin.start, bin.end]), ...markers.map((marker) => marker.at)].map((date) =>
    date.getTime(),
  );
  const xScale = scaleUtc<number>({
    domain:
      instants.length > 0
        ? [new Date(Math.min(...instants)), new Date(Math.max(...instants))]
        : [new Date(0), new Date(1)],
    range: [0, 0],
  });
  const yScale = scaleLinear<number>({ domain: [0, Math.max(1, ...values)], range: [0, 0], nice: 4 });
  const isCount = values.every((value) => Number.isInteger(value));
  const yTicks = isCount ? countTicks(yScale.ticks(4)) : yScale.ticks(4);
  const yTickText = (value: number) => formatNumber(value, isCount ? 0 : decimals);
  const left = leftAxisRoom(Math.max(...yTicks.map((tick) => estimateTextWidth(yTickText(tick), TICK_FONT_SIZE))));
  const innerWidth = width - left.margin - MARGIN_RIGHT;
  const innerHeight = HEIGHT - MARGIN_TOP - BOTTOM_AXIS_HEIGHT;
  xScale.range([0, innerWidth]).interpolate(toHundredths);
  yScale.range([innerHeight, 0]).interpolate(toHundredths);
  const xTicks = xScale.ticks(Math.max(2, Math.floor(innerWidth / 90)));
  const middle = (bin: TimeBin) => xScale(new Date((bin.start.getTime() + bin.end.getTime()) / 2));

  return (
    <ChartFrame
      {...heading}
      summary={summary}
      table={table}
      width={width}
      height={HEIGHT}
      isEmpty={values.every((value) => value === 0)}
      emptyText={emptyText}
    >
      <Group left={left.margin} top={MARGIN_TOP}>
        <GridRows className="chart-grid" scale={yScale} width={innerWidth} tickValues={yTicks} stroke="var(--border)" />
        {mark === "bars" ? (
          bins.map((bin, index) => {
            const x0 = xScale(bin.start) + 0.5;
            const x1 = xScale(bin.end) - 0.5;
            const y = yScale(bin.value);
            return (
              <Bar
                key={index}
                className="chart-bar"
                x={x0}
                y={y}
                width={Math.max(1, x1 - x0)}
                height={innerHeight - y}
                fill="var(--accent)"
              >
                <title>{`${formatUtcRange(bin.start, bin.end)} UTC: ${yLabel} ${formatNumber(bin.value, decimals)}`}</title>
              </Bar>
            );
          })
        ) : (
          <>
            <LinePath
              className="chart-line"
              data={[...bins]}
              x={middle}
              y={(bin) => yScale(bin.value)}
              stroke="var(--accent)"
              strokeWidth={2}
              fill="none"
            />
            {bins.length <= MAX_DOTS
              ? bins.map((bin, index) => (
                  <circle
                    key={index}
                    className="chart-dot"
                    cx={middle(bin)}
                    cy={yScale(bin.value)}
                    r={3}
                    fill="var(--accent)"
                  >
                    <title>{`${formatUtcRange(bin.start, bin.end)} UTC: ${yLabel} ${formatNumber(bin.value, decimals)}`}</title>
                  </circle>
                ))
              : null}
          </>
        )}
        {markers.map((marker, index) => {
          const x = xScale(marker.at);
          const isNearRightEdge = x > innerWidth * 0.7;
          return (
            <g key={index} className="chart-marker" data-marker={marker.label}>
              <line x1={x} x2={x} y1={-6} y2={innerHeight} stroke="var(--text)" strokeDasharray="4 3" />
              <text
                x={isNearRightEdge ? x - 4 : x + 4}
                y={-10}
                textAnchor={isNearRightEdge ? "end" : "start"}
                fontSize={TICK_FONT_SIZE}
                fill="var(--text)"
              >
                {`${marker.label} ${formatUtcTime(marker.at)}`}
              </text>
            </g>
          );
        })}
        <AxisLeft
          {...axisLook}
          scale={yScale}
          tickValues={yTicks}
          tickFormat={(value) => yTickText(Number(value))}
          label={yLabel}
          labelOffset={left.labelOffset}
        />
        <AxisBottom
          {...axisLook}
          top={innerHeight}
          scale={xScale}
          tickValues={xTicks}
          tickFormat={(value) => (value instanceof Date ? formatUtcTick(value) : String(value))}
          label={timeLabel}
          labelOffset={BOTTOM_LABEL_OFFSET}
        />
      </Group>
    </ChartFrame>
  );
}
