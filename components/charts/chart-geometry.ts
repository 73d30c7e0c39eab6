// Sizes and numbers the charts share. Everything is in viewBox units: an SVG scales to its frame's width, so a chart
// drawn 320 units wide in a 250-pixel card shows its 12-unit tick labels at about 9.5 pixels and a wide one larger.

export const TICK_FONT_SIZE = 12;
export const LABEL_FONT_SIZE = 13;
export const TICK_LENGTH = 5;

/**
 * About how wide a line of text is, in the units of its font size. Server rendering cannot measure text (no layout
 * engine), so margins are sized from the character count of system-ui digits and lower case (~0.55em each, rounded up).
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

/** `text` cut to at most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** A value with a fixed number of decimals and no trailing noise (12.50 -> "12.5", 3.0 -> "3"). */
export function formatNumber(value: number, decimals: number): string {
  return String(roundTo(value, decimals));
}

export function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** Whole-number ticks for a count axis from 0: never "0.5 learners". */
export function countTicks(ticks: readonly number[]): number[] {
  return ticks.filter((tick) => Number.isInteger(tick));
}

/** Throws on a value no bar can show (negative, NaN, infinite): our own data, so a broken invariant, not user input. */
export function requireBarValue(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`A chart cannot draw ${what} = ${value}: bars need a finite value of 0 or more`);
  return value;
}

/** The index of the first largest value, or -1 for none. */
export function indexOfMax(values: readonly number[]): number {
  let best = -1;
  values.forEach((value, index) => {
    if (best === -1 || value > (values[best] ?? -Infinity)) best = index;
  });
  return best;
}

/**
 * A scale's interpolator that places to 1/100 of a unit: invisible at any size, and a third of the markup of
 * 17-digit floats (`scale.interpolate(toHundredths)`).
 */
export function toHundredths(from: number, to: number): (t: number) => number {
  return (t) => Math.round((from + (to - from) * t) * 100) / 100;
}
