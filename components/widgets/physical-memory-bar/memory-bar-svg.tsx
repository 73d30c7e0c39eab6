import { scaleBar } from "./bar-scale";
import { kmapSlotAddress } from "../../../sim/index";
import { SVG_INNER_WIDTH, SVG_MARGIN, SVG_WIDTH } from "../wide-svg";
import { formatSize, hex32, KMAP_LOCAL_SLOTS, type MemoryBarView, type VirtSpan } from "./memory-bar-model";

// The picture: the kernel's virtual window on top, physical RAM below, the direct map as a band between them, and
// the sample frames as numbered lines (lowmem to its __va, highmem to a kmap_local slot in the fixmap).

const VIRT_Y = 42;
const PHYS_Y = 196;
const BAR_H = 36;
const SLOT_W = 6;

// Small regions are widened so that a 4 MB pkmap window and a 900 KB fixmap can be seen next to 900 MB of lowmem.
const MIN_WIDTH: Record<VirtSpan["kind"], number> = {
  direct: 64,
  vmalloc: 64,
  pkmap: 56,
  guard: 14,
  unused: 14,
  fixmap: 30,
  "kmap-local-other": 30,
  "kmap-local": KMAP_LOCAL_SLOTS * SLOT_W + 6,
};

// The full label when it fits, else the short one, else none (the span's <title> and the text below still name it).
function fitLabel(span: { label: string; short: string; kind: string }, width: number): string {
  if (span.kind === "fixmap" || span.kind.startsWith("kmap-local")) return "";
  const fits = (text: string) => text !== "" && width > text.length * 6.6 + 8;
  return fits(span.label) ? span.label : fits(span.short) ? span.short : "";
}

function SpanLabel({ label, x }: { label: string; x: number }) {
  return label === "" ? null : (
    <text className="pmb-label" x={x} y={BAR_H / 2 + 4} textAnchor="middle">
      {label}
    </text>
  );
}

/** The two bars and the lines between them, for one computed layout. */
export function MemoryBarSvg({ view, titleId, descId }: { view: MemoryBarView; titleId: string; descId: string }) {
  const virt = scaleBar(view.virtual, SVG_INNER_WIDTH, (span) => MIN_WIDTH[span.kind]);
  const phys = scaleBar(view.physical, SVG_INNER_WIDTH, 44);
  const l = view.layout;
  const cpu0 = virt.placed.find((p) => p.span.kind === "kmap-local");
  const fixmapParts = virt.placed.filter((p) => p.span.kind === "fixmap" || p.span.kind.startsWith("kmap-local"));
  const fixmapX0 = fixmapParts[0]?.x0 ?? 0;
  const fixmapX1 = fixmapParts.at(-1)?.x1 ?? 0;
  const p0 = phys.findX(0) ?? 0;
  const p1 = phys.findX(l.lowmemBytes) ?? 0;
  const v0 = virt.findX(l.pageOffset) ?? 0;
  const v1 = virt.findX(l.highMemory) ?? 0;
  const lowmemFrames = view.frames.filter((f) => f.va !== null).length;
  const highmemFrames = view.frames.length - lowmemFrames;

  return (
    <svg className="pmb-svg" viewBox={`0 0 ${SVG_WIDTH} 262`} role="img" aria-labelledby={`${titleId} ${descId}`}>
      <title id={titleId}>Physical RAM and the kernel&apos;s virtual window</title>
      <desc id={descId}>
        {`Physical RAM of ${formatSize(view.ramBytes)}: ${view.physical.map((s) => `${s.label} ${formatSize(s.end - s.start)}`).join(", ")}. ` +
          `The direct map puts lowmem, physical 0 to ${hex32(l.lowmemBytes)}, at ${hex32(l.pageOffset)} to high_memory ${hex32(l.highMemory)}. ` +
          `${lowmemFrames} sample lowmem frames are drawn at their direct-map addresses; ${highmemFrames} highmem frames have no permanent address and are reached through CPU 0's kmap_local slots in the fixmap. ` +
          "Small regions are drawn wider than their size."}
      </desc>
      <text className="pmb-caption" x={SVG_MARGIN} y={16}>
        {`kernel virtual addresses ${hex32(l.pageOffset)} .. 4 GB (small regions widened)`}
      </text>
      <polygon
        className="pmb-band"
        points={`${SVG_MARGIN + p0},${PHYS_Y} ${SVG_MARGIN + p1},${PHYS_Y} ${SVG_MARGIN + v1},${VIRT_Y + BAR_H} ${SVG_MARGIN + v0},${VIRT_Y + BAR_H}`}
      />
      <g transform={`translate(${SVG_MARGIN} ${VIRT_Y})`}>
        {virt.placed.map((p, i) => (
          <g key={i}>
            <rect className={`pmb-seg pmb-${p.span.kind}`} x={p.x0} y={0} width={p.x1 - p.x0} height={BAR_H}>
              <title>{`${p.span.label}: ${hex32(p.span.start)} .. ${hex32(p.span.end)} (${formatSize(p.span.end - p.span.start)})`}</title>
            </rect>
            <SpanLabel label={fitLabel(p.span, p.x1 - p.x0)} x={(p.x0 + p.x1) / 2} />
          </g>
        ))}
        {cpu0 !== undefined ? (
          <g>
            {Array.from({ length: KMAP_LOCAL_SLOTS }, (_, slot) => {
              // Slot idx of CPU 0 is the page at FIXADDR_TOP - ((FIX_KMAP_BEGIN + idx) << 12): slot 0 on the right.
              const x = virt.findX(kmapSlotAddress(view.kmapMachine, 0, slot)) ?? 0;
              return <rect key={slot} className="pmb-slot" x={x + 0.5} y={BAR_H - 14} width={SLOT_W - 1} height={10} />;
            })}
            <text className="pmb-label pmb-small" x={(cpu0.x0 + cpu0.x1) / 2} y={12} textAnchor="middle">
              kmap_local CPU 0
            </text>
          </g>
        ) : null}
        <path className="pmb-bracket" d={`M${fixmapX0} -3 V-7 H${fixmapX1} V-3`} />
        <text className="pmb-label pmb-small" x={(fixmapX0 + fixmapX1) / 2} y={-10} textAnchor="middle">
          fixmap
        </text>
      </g>
      {view.frames.map((f, i) => {
        const px = SVG_MARGIN + (phys.findX(f.pa) ?? 0);
        const target = f.va ?? (f.kmap === null ? null : f.kmap.addr + 2048);
        const vx = SVG_MARGIN + (target === null ? 0 : (virt.findX(target) ?? 0));
        const vy = f.va === null ? VIRT_Y + BAR_H - 4 : VIRT_Y + BAR_H;
        return (
          <g key={f.pfn} className={f.va === null ? "pmb-frame pmb-frame-high" : "pmb-frame"}>
            <line x1={px} y1={PHYS_Y} x2={vx} y2={vy} />
            <circle cx={px} cy={PHYS_Y - 9} r={8} />
            <text x={px} y={PHYS_Y - 5.5} textAnchor="middle">
              {i + 1}
            </text>
          </g>
        );
      })}
      <g transform={`translate(${SVG_MARGIN} ${PHYS_Y})`}>
        {phys.placed.map((p, i) => (
          <g key={i}>
            <rect className={`pmb-seg pmb-${p.span.kind}`} x={p.x0} y={0} width={p.x1 - p.x0} height={BAR_H}>
              <title>{`${p.span.label}: physical ${hex32(p.span.start)} .. ${hex32(p.span.end)} (${formatSize(p.span.end - p.span.start)})`}</title>
            </rect>
            <SpanLabel label={fitLabel(p.span, p.x1 - p.x0)} x={(p.x0 + p.x1) / 2} />
          </g>
        ))}
      </g>
      <text className="pmb-caption" x={SVG_MARGIN} y={PHYS_Y + BAR_H + 20}>
        {`physical RAM 0 .. ${formatSize(view.ramBytes)} (small zones widened)`}
      </text>
    </svg>
  );
}
