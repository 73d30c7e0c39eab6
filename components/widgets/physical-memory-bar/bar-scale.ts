// A horizontal bar of address ranges drawn side by side. Real layouts mix 1 GB regions with 4 KB ones, so a region
// gets its share of the width but never less than a minimum; positions inside a region stay linear.

/** An address range to draw: [start, end), in bytes (safe integers; physical ranges reach 64 GB). */
export interface Span {
  start: number;
  end: number;
}

/** Where a span landed on the bar, in pixels from the bar's left edge. */
export interface PlacedSpan<T extends Span> {
  span: T;
  x0: number;
  x1: number;
}

/** A bar's placement: every non-empty span, in order, and a map from an address to its x. */
export interface BarScale<T extends Span> {
  placed: PlacedSpan<T>[];
  /** x of `address`; null when no span contains it (the last span's end maps to the bar's right edge). */
  findX(address: number): number | null;
}

/**
 * Lays `spans` (contiguous and sorted: each one starts where the previous ended) over `width` pixels, each at least
 * `minWidth` (a number, or one per span) wide when the bar has room for all minimums, and proportional otherwise.
 */
export function scaleBar<T extends Span>(
  spans: readonly T[],
  width: number,
  minWidth: number | ((span: T) => number),
): BarScale<T> {
  const visible = spans.filter((s) => s.end > s.start);
  for (let i = 1; i < visible.length; i++) {
    const prev = visible[i - 1];
    const cur = visible[i];
    if (prev !== undefined && cur !== undefined && cur.start !== prev.end)
      throw new Error(`scaleBar: spans are not contiguous at ${cur.start}`);
  }
  const mins = visible.map((s) => (typeof minWidth === "number" ? minWidth : minWidth(s)));
  const fits = mins.reduce((a, b) => a + b, 0) <= width;
  const widths = fitWidths(
    visible.map((s) => s.end - s.start),
    width,
    fits ? mins : mins.map(() => 0),
  );
  let x = 0;
  const placed = visible.map((span, i) => {
    const w = widths[i] ?? 0;
    const p = { span, x0: x, x1: x + w };
    x += w;
    return p;
  });
  const last = placed[placed.length - 1];
  return {
    placed,
    findX(address: number): number | null {
      if (last !== undefined && address === last.span.end) return last.x1;
      const p = placed.find((q) => address >= q.span.start && address < q.span.end);
      if (p === undefined) return null;
      return p.x0 + ((address - p.span.start) / (p.span.end - p.span.start)) * (p.x1 - p.x0);
    },
  };
}

// Proportional widths, then every span below the minimum is raised to it and the others shrink to pay for it;
// repeated because shrinking can push another span below the minimum.
function fitWidths(lengths: number[], width: number, mins: number[]): number[] {
  const pinned = lengths.map(() => false);
  for (;;) {
    const freeLength = lengths.reduce((sum, len, i) => (pinned[i] === true ? sum : sum + len), 0);
    const freeWidth = width - mins.reduce((sum, m, i) => (pinned[i] === true ? sum + m : sum), 0);
    const widths = lengths.map((len, i) =>
      pinned[i] === true ? (mins[i] ?? 0) : freeLength > 0 ? (len / freeLength) * freeWidth : 0,
    );
    const low = widths.map((w, i) => pinned[i] !== true && w < (mins[i] ?? 0));
    if (!low.includes(true)) return widths;
    low.forEach((isLow, i) => {
      if (isLow) pinned[i] = true;
    });
  }
}
