import { scaleBar } from "../physical-memory-bar/bar-scale";
import { SVG_INNER_WIDTH, SVG_MARGIN, SVG_WIDTH } from "../wide-svg";
import { FRAME_KIND_NAMES, frameSpans, type FrameSpan, type FrameSpanKind } from "./attack-bar";
import type { MappedFrames } from "./attack-model";
import type { AttackSetup } from "./attack-props";

// Physical memory as one bar of frames: the buffer (green), the cred_jar page (purple), frames the mapping covers
// outside the buffer (red), RAM's end and what lies past it (dashed). A one-page span next to gigabytes of RAM cannot
// be drawn to scale, so every span gets a minimum width and the caption says so. The colours are the shared widget
// classes of app/globals.css (light and dark).

const BAR_Y = 44;
const BAR_H = 36;

const MIN_WIDTH: Record<FrameSpanKind, number> = {
  ram: 40,
  buffer: 44,
  "buffer-mapped": 44,
  cred: 14,
  "cred-mapped": 14,
  mapped: 16,
  "no-ram": 36,
  "no-ram-mapped": 16,
};

const CLASS: Record<FrameSpanKind, string> = {
  ram: "pmb-seg pmb-unused",
  buffer: "vmad-bpage",
  "buffer-mapped": "vmad-bpage vmad-used",
  cred: "pmb-seg pmb-pkmap",
  "cred-mapped": "pmb-seg pmb-pkmap",
  mapped: "pmb-seg pmb-highmem",
  "no-ram": "pmb-seg pmb-ignored",
  "no-ram-mapped": "vmad-bpage vmad-after",
};

const hex = (n: number) => "0x" + n.toString(16);
const pages = (n: number) => `${n} page${n === 1 ? "" : "s"}`;

// A label centred under its mark, unless that would push it past the drawing's edge.
function anchorFor(x: number): Anchor {
  if (x < 130) return "start";
  return x > SVG_INNER_WIDTH - 130 ? "end" : "middle";
}

type Anchor = "start" | "middle" | "end";

/** A label under the bar: the x of its mark and its text. */
interface Mark {
  x: number;
  text: string;
}

interface PlacedMark extends Mark {
  row: 0 | 1;
  anchor: Anchor;
}

// Roughly how wide a 12-unit caption is: enough to keep labels apart, not a text layout.
const textWidth = (text: string) => text.length * 6.8 + 6;

/**
 * The buffer's and the cred page's labels, on two rows under the bar: the lower row's leader line must not cross
 * the upper row's text. The right label goes up and to the right when it fits; else the left one goes up and to
 * the left; else the left one goes up and to the right, short of the right mark.
 */
function placeMarks(a: Mark, b: Mark): PlacedMark[] {
  const [left, right] = a.x <= b.x ? [a, b] : [b, a];
  if (right.x + textWidth(right.text) <= SVG_INNER_WIDTH)
    return [
      { ...right, row: 0, anchor: "start" },
      { ...left, row: 1, anchor: anchorFor(left.x) },
    ];
  if (left.x - textWidth(left.text) >= 0)
    return [
      { ...left, row: 0, anchor: "end" },
      { ...right, row: 1, anchor: anchorFor(right.x) },
    ];
  return [
    { ...left, row: 0, anchor: "start" },
    { ...right, row: 1, anchor: "end" },
  ];
}

function spanTitle(span: FrameSpan): string {
  const count = span.end - span.start;
  const range = count === 1 ? `pfn ${hex(span.start)}` : `pfns ${hex(span.start)}..${hex(span.end - 1)}`;
  return `${range} (${pages(count)}): ${FRAME_KIND_NAMES[span.kind]}`;
}

/** The bar for `setup`, with the mapping drawn once it is revealed (null before, or when nothing was mapped). */
export function AttackMapSvg(props: {
  setup: AttackSetup;
  mapped: MappedFrames | null;
  titleId: string;
  descId: string;
}) {
  const { setup, mapped } = props;
  const spans = frameSpans(setup, mapped);
  const bar = scaleBar(spans, SVG_INNER_WIDTH, (s) => MIN_WIDTH[s.kind]);
  const end = spans.at(-1)?.end ?? setup.ramFrames;
  const at = (kinds: FrameSpanKind[]) => bar.placed.find((p) => kinds.includes(p.span.kind));
  const buffer = bar.placed.filter((p) => p.span.kind === "buffer" || p.span.kind === "buffer-mapped");
  const cred = at(["cred", "cred-mapped"]);
  const bufX = buffer.length > 0 ? ((buffer[0]?.x0 ?? 0) + (buffer.at(-1)?.x1 ?? 0)) / 2 : 0;
  const credX = cred === undefined ? 0 : (cred.x0 + cred.x1) / 2;
  const mapX0 = mapped === null ? null : bar.findX(mapped.first);
  const mapX1 = mapped === null ? null : bar.findX(mapped.first + mapped.count);
  const { bufPfn, bufPages } = setup.buffer;

  return (
    <svg
      className="vmad-svg"
      viewBox={`0 0 ${SVG_WIDTH} 150`}
      role="img"
      aria-labelledby={`${props.titleId} ${props.descId}`}
    >
      <title id={props.titleId}>Physical memory, frame by frame</title>
      <desc id={props.descId}>
        {`RAM is frames 0 to ${hex(setup.ramFrames - 1)}. The driver's buffer is ${pages(bufPages)} from pfn ${hex(bufPfn)}; ` +
          `a cred_jar page holding the process's struct cred is pfn ${hex(setup.credPfn)}. ` +
          (mapped === null
            ? "The mapping is not drawn yet. "
            : `The mapping covers ${pages(mapped.count)} from pfn ${hex(mapped.first)}. `) +
          "Small spans are drawn wider than their size."}
      </desc>
      <text className="vmad-caption" x={SVG_MARGIN} y={14}>
        {`physical frames 0 .. ${hex(end - 1)} (RAM ends at ${hex(setup.ramFrames)}; small spans widened)`}
      </text>
      {mapX0 !== null && mapX1 !== null && mapped !== null ? (
        <g transform={`translate(${SVG_MARGIN} 0)`}>
          <path
            className="vmad-line vmad-line-past"
            fill="none"
            d={`M${mapX0} ${BAR_Y - 4} V${BAR_Y - 12} H${mapX1} V${BAR_Y - 4}`}
          />
          <text
            className="vmad-caption vmad-far"
            x={(mapX0 + mapX1) / 2}
            y={BAR_Y - 16}
            textAnchor={anchorFor((mapX0 + mapX1) / 2)}
          >
            {`mapped: ${pages(mapped.count)} from pfn ${hex(mapped.first)}`}
          </text>
        </g>
      ) : null}
      <g transform={`translate(${SVG_MARGIN} ${BAR_Y})`}>
        {bar.placed.map((p) => (
          <rect key={p.span.start} className={CLASS[p.span.kind]} x={p.x0} y={0} width={p.x1 - p.x0} height={BAR_H}>
            <title>{spanTitle(p.span)}</title>
          </rect>
        ))}
        {cred?.span.kind === "cred-mapped" ? (
          <rect
            className="vmad-line vmad-line-past"
            fill="none"
            x={cred.x0}
            y={-2}
            width={cred.x1 - cred.x0}
            height={BAR_H + 4}
          />
        ) : null}
        {placeMarks(
          { x: bufX, text: `buffer: pfn ${hex(bufPfn)}..${hex(bufPfn + bufPages - 1)}` },
          { x: credX, text: `cred page: pfn ${hex(setup.credPfn)}` },
        ).map((m) => (
          <g key={m.text}>
            <line className="vmad-line" x1={m.x} y1={BAR_H} x2={m.x} y2={BAR_H + (m.row === 0 ? 12 : 32)} />
            <text className="vmad-caption" x={m.x} y={BAR_H + (m.row === 0 ? 24 : 44)} textAnchor={m.anchor}>
              {m.text}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
