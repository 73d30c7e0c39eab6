import type { TickRendererProps } from "@visx/axis";
import { LABEL_FONT_SIZE, TICK_FONT_SIZE, TICK_LENGTH } from "./chart-geometry";

/** A tick's text as one plain `<text>` (visx's default wraps each in an `<svg>` to measure words, which we never need). */
function TickLabel({ x, y, dx, dy, textAnchor, fontSize, formattedValue }: TickRendererProps) {
  return (
    <text className="chart-tick-label" x={x} y={y} dx={dx} dy={dy} textAnchor={textAnchor} fontSize={fontSize}>
      {formattedValue}
    </text>
  );
}

/**
 * The look every axis shares, spread into visx's AxisBottom / AxisLeft: colours from the theme's variables (never
 * visx's default #222, unreadable in dark mode), the page's font, readable sizes, and tick labels as plain text.
 */
export const axisLook = {
  axisClassName: "chart-axis",
  labelClassName: "chart-axis-label",
  stroke: "var(--muted)",
  tickStroke: "var(--muted)",
  tickLength: TICK_LENGTH,
  tickLabelProps: { fill: "var(--muted)", fontSize: TICK_FONT_SIZE, fontFamily: "inherit" },
  labelProps: { fill: "var(--text)", fontSize: LABEL_FONT_SIZE, fontFamily: "inherit", textAnchor: "middle" as const },
  tickComponent: TickLabel,
};

/** Room under a bottom axis for its ticks, their labels and the axis label (see visx's getLabelTransform). */
export const BOTTOM_AXIS_HEIGHT = TICK_LENGTH + 8 + TICK_FONT_SIZE + LABEL_FONT_SIZE + 6;
/** The gap AxisBottom leaves between the tick labels and the axis label (its labelOffset). */
export const BOTTOM_LABEL_OFFSET = 8;

/**
 * A left axis's label offset and the margin it needs, from its widest tick label: the rotated axis label sits just
 * left of the tick labels.
 */
export function leftAxisRoom(widestTickLabel: number): { labelOffset: number; margin: number } {
  const labelOffset = widestTickLabel + 8;
  return { labelOffset, margin: TICK_LENGTH + labelOffset + LABEL_FONT_SIZE + 4 };
}
