import type { MouseEvent } from "react";
import { formatAddress, yToAddress, type Band, type MapConfig } from "./address-space-model";

// The bar itself: one band per region (high addresses at the top), boundary addresses on the left, names on the
// right where a band is tall enough, and a marker at the address being looked at.

export const BAR_HEIGHT = 560;
const WIDTH = 480;
const BAR_X = 150;
const BAR_W = 70;
const MIN_LABEL = 12;

interface Props {
  bands: Band[];
  arch: MapConfig["arch"];
  markerY: number | null;
  selectedStart: bigint | null;
  titleId: string;
  descId: string;
  onHover: (address: bigint | null) => void;
}

/** The address space as a vertical bar; moving the pointer over it reports the address under the pointer. */
export function AddressSpaceSvg({ bands, arch, markerY, selectedStart, titleId, descId, onHover }: Props) {
  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.height === 0) return;
    onHover(yToAddress(bands, ((event.clientY - box.top) * BAR_HEIGHT) / box.height));
  };
  const top = arch === "i386" ? "0xffffffff" : "0xffffffffffffffff";
  // Boundary labels bottom-up, each at least a line apart (and clear of the 0 and top labels).
  const ticks: { y: number; text: string }[] = [];
  let lastY = BAR_HEIGHT;
  for (const b of bands) {
    if (b.region.start === 0n || lastY - b.y1 < 11 || b.y1 < 22) continue;
    ticks.push({ y: b.y1, text: formatAddress(b.region.start, arch) });
    lastY = b.y1;
  }
  return (
    <svg
      className="asm-svg"
      viewBox={`0 0 ${WIDTH} ${BAR_HEIGHT}`}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      onMouseMove={onMove}
      onMouseLeave={() => onHover(null)}
    >
      <title
        id={titleId}
      >{`The ${arch === "i386" ? "i386" : "x86-64"} virtual address space, lowest address at the bottom`}</title>
      {bands.map((b) => {
        const h = b.y1 - b.y0;
        const isSelected = selectedStart === b.region.start;
        return (
          <g key={b.region.start.toString()}>
            <rect
              className={`asm-band asm-${b.region.kind}${isSelected ? " asm-selected" : ""}`}
              x={BAR_X}
              y={b.y0}
              width={BAR_W}
              height={Math.max(h, 0.5)}
            />
            {h >= MIN_LABEL ? (
              <text className="asm-name" x={BAR_X + BAR_W + 10} y={(b.y0 + b.y1) / 2} dominantBaseline="middle">
                {b.region.name}
              </text>
            ) : null}
          </g>
        );
      })}
      {ticks.map((t) => (
        <text key={t.text} className="asm-tick" x={BAR_X - 8} y={t.y} textAnchor="end" dominantBaseline="middle">
          {t.text}
        </text>
      ))}
      <text className="asm-tick" x={BAR_X - 8} y={BAR_HEIGHT - 6} textAnchor="end">
        {formatAddress(0n, arch)}
      </text>
      <text className="asm-tick" x={BAR_X - 8} y={10} textAnchor="end">
        {top}
      </text>
      {markerY !== null ? (
        <g className="asm-marker">
          <line x1={BAR_X - 6} x2={BAR_X + BAR_W + 6} y1={markerY} y2={markerY} />
          <path d={`M ${BAR_X - 12} ${markerY - 5} L ${BAR_X - 4} ${markerY} L ${BAR_X - 12} ${markerY + 5} Z`} />
        </g>
      ) : null}
    </svg>
  );
}
