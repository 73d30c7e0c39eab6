import { SVG_INNER_WIDTH, SVG_MARGIN, SVG_WIDTH } from "../wide-svg";
import { BUF_PAGES, type MmapOutcome } from "./vma-model";

// The VMA's virtual pages on top, the buffer's 16 pages and the 8 frames after it below, and a line from each
// virtual page to the page it maps. Lines into the frames after the buffer are red: a handler without the bounds
// check would hand user space those frames (facts §4.6 B2, B3, B6).

const VMA_Y = 34;
const BUF_Y = 168;
const CELL_H = 34;
/** Frames after the buffer drawn one by one; pages further away get an arrow at the right edge. */
const PAST_SHOWN = 8;

const hex = (v: number) => "0x" + v.toString(16);

/** The picture for a request that reached the handler. */
export function VmaSvg({ outcome, titleId }: { outcome: Extract<MmapOutcome, { stage: "driver" }>; titleId: string }) {
  const { lines, seen } = outcome;
  const vmaW = Math.min(44, SVG_INNER_WIDTH / Math.max(1, lines.length));
  const bufW = SVG_INNER_WIDTH / (BUF_PAGES + PAST_SHOWN);
  const more = seen.npages - lines.length;
  const past = lines.filter((l) => !l.inBuffer).length;
  const pastText =
    past === 0
      ? "every page maps a buffer page"
      : outcome.accepted
        ? ""
        : `${past}${more > 0 ? "+" : ""} pages would map frames after the buffer`;

  return (
    <svg className="vmad-svg" viewBox={`0 0 ${SVG_WIDTH} 236`} role="img" aria-labelledby={titleId}>
      <title id={titleId}>
        {`The VMA ${hex(seen.vm_start)} to ${hex(seen.vm_end)} (exclusive), ${seen.npages} pages, vm_pgoff ${seen.vm_pgoff}; virtual page i maps buffer page ${seen.vm_pgoff} + i. ${pastText}.`}
      </title>
      <text className="vmad-caption" x={SVG_MARGIN} y={22}>
        {`VMA [${hex(seen.vm_start)}, ${hex(seen.vm_end)}): ${seen.npages} page${seen.npages === 1 ? "" : "s"}, vm_pgoff = ${seen.vm_pgoff}`}
      </text>
      {lines.map((l) => {
        const x1 = SVG_MARGIN + l.index * vmaW + vmaW / 2;
        const far = l.bufPage >= BUF_PAGES + PAST_SHOWN;
        const x2 = far ? SVG_WIDTH - SVG_MARGIN - 4 : SVG_MARGIN + l.bufPage * bufW + bufW / 2;
        const cls = l.inBuffer
          ? "vmad-line"
          : outcome.accepted
            ? "vmad-line vmad-line-past"
            : "vmad-line vmad-line-past vmad-line-would";
        return <line key={l.index} className={cls} x1={x1} y1={VMA_Y + CELL_H} x2={x2} y2={BUF_Y} />;
      })}
      {lines.map((l) => (
        <g key={l.index}>
          <rect
            className={`vmad-vpage${l.inBuffer ? "" : " vmad-vpage-past"}`}
            x={SVG_MARGIN + l.index * vmaW + 1}
            y={VMA_Y}
            width={vmaW - 2}
            height={CELL_H}
            rx={3}
          >
            <title>{`${hex(l.va)}: ${l.inBuffer ? "buffer page" : "past the buffer, page"} ${l.bufPage}, pfn ${hex(l.pfn)}`}</title>
          </rect>
          {vmaW >= 22 ? (
            <text
              className="vmad-cell-label"
              x={SVG_MARGIN + l.index * vmaW + vmaW / 2}
              y={VMA_Y + CELL_H / 2 + 4}
              textAnchor="middle"
            >
              {l.index}
            </text>
          ) : null}
        </g>
      ))}
      {more > 0 ? (
        <text className="vmad-caption" x={SVG_WIDTH - SVG_MARGIN} y={22} textAnchor="end">
          {`… and ${more} more page${more === 1 ? "" : "s"}`}
        </text>
      ) : null}
      {Array.from({ length: BUF_PAGES + PAST_SHOWN }, (_, page) => {
        const used = lines.some((l) => l.bufPage === page);
        const cls =
          page < BUF_PAGES
            ? `vmad-bpage${used ? " vmad-used" : ""}`
            : `vmad-bpage vmad-after${used ? " vmad-used" : ""}`;
        return (
          <g key={page}>
            <rect className={cls} x={SVG_MARGIN + page * bufW + 1} y={BUF_Y} width={bufW - 2} height={CELL_H} rx={3}>
              <title>{`${page < BUF_PAGES ? "buffer page" : "frame after the buffer, page"} ${page}: pfn ${hex(outcome.bufferPfn + page)}`}</title>
            </rect>
            <text
              className="vmad-cell-label"
              x={SVG_MARGIN + page * bufW + bufW / 2}
              y={BUF_Y + CELL_H / 2 + 4}
              textAnchor="middle"
            >
              {page}
            </text>
          </g>
        );
      })}
      {lines.some((l) => l.bufPage >= BUF_PAGES + PAST_SHOWN) ? (
        <text className="vmad-caption vmad-far" x={SVG_WIDTH - SVG_MARGIN} y={BUF_Y - 8} textAnchor="end">
          {`→ page ${lines.find((l) => l.bufPage >= BUF_PAGES + PAST_SHOWN)?.bufPage ?? ""} and beyond`}
        </text>
      ) : null}
      <text className="vmad-caption" x={SVG_MARGIN} y={BUF_Y + CELL_H + 18}>
        {`buffer: 16 pages (64 KB), pfn ${hex(outcome.bufferPfn)}..${hex(outcome.bufferPfn + BUF_PAGES - 1)}`}
      </text>
      <text className="vmad-caption vmad-after-label" x={SVG_MARGIN + BUF_PAGES * bufW} y={BUF_Y + CELL_H + 18}>
        what follows it in RAM
      </text>
    </svg>
  );
}
