// The wide widget drawings (the physical-memory bar, the VMA diagram) share one frame, so that they line up when a
// lesson shows them one after the other: a viewBox 800 units wide, scaled to the column, with a margin each side.

/** The viewBox width of a wide widget drawing. */
export const SVG_WIDTH = 800;
/** The margin left and right, where nothing is drawn but the captions' first letters. */
export const SVG_MARGIN = 10;
/** The width between the margins: a bar or a row of cells spans it. */
export const SVG_INNER_WIDTH = SVG_WIDTH - 2 * SVG_MARGIN;
