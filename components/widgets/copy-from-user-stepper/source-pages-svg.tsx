import type { CopyRun, CopyStep } from "./copy-steps";
import type { StepperSpace } from "./stepper-space";

// The user pages as a strip: each page boxed and labelled by its VMA, the source range [from, from + n) drawn over
// it, the page being copied outlined, and the page that faulted in red.

const PAGE_W = 150;
const LEFT = 10;
const PAGE = 4096;

function pageX(space: StepperSpace, addr: bigint): number {
  const off = Number(addr - BigInt(space.base));
  return LEFT + (off / PAGE) * PAGE_W;
}

/** The strip for the run at `step` (steps up to it are done). */
export function SourcePagesSvg({
  space,
  run,
  step,
  copied,
  titleId,
}: {
  space: StepperSpace;
  run: CopyRun;
  step: CopyStep;
  copied: number;
  titleId: string;
}) {
  const width = LEFT * 2 + space.pages.length * PAGE_W;
  const start = BigInt(space.base);
  const end = start + BigInt(space.pages.length * PAGE);
  const from = run.from;
  const to = from + BigInt(run.n);
  // The source range only when it overlaps the drawn pages (a kernel pointer lies far outside them).
  const shown = run.n > 0 && from < end && to > start;
  const x0 = shown ? Math.max(LEFT, pageX(space, from < start ? start : from)) : 0;
  const x1 = shown ? Math.min(width - LEFT, pageX(space, to > end ? end : to)) : 0;
  const activeVa = step.kind === "copy" || step.kind === "fault" ? step.pageVa : null;
  const copiedEnd = from + BigInt(copied);
  const xc = shown && copied > 0 ? Math.min(x1, pageX(space, copiedEnd > end ? end : copiedEnd)) : x0;
  const faultX = step.kind === "fault" && step.at >= start && step.at < end ? pageX(space, step.at) : null;

  return (
    <svg className="cfu-svg" viewBox={`0 0 ${width} 124`} role="img" aria-labelledby={titleId}>
      <title id={titleId}>
        {`User pages ${hexShort(space.base)} to ${hexShort(space.base + space.pages.length * PAGE)}: ${space.pages.map((p) => `${hexShort(p.va)} ${p.label}`).join(", ")}. ` +
          (shown
            ? `The source range starts at ${hexShort(from)} and is ${run.n} bytes long.`
            : "The source range is outside these pages.")}
      </title>
      {space.pages.map((p, i) => {
        const active = p.va === activeVa;
        const cls = `cfu-page cfu-${p.kind}${active ? (step.kind === "fault" ? " cfu-faulting" : " cfu-active") : ""}`;
        return (
          <g key={p.va}>
            <rect className={cls} x={LEFT + i * PAGE_W + 1} y={26} width={PAGE_W - 2} height={46} rx={4} />
            <text className="cfu-page-label" x={LEFT + i * PAGE_W + PAGE_W / 2} y={46} textAnchor="middle">
              {p.label}
            </text>
            <text className="cfu-page-addr" x={LEFT + i * PAGE_W + PAGE_W / 2} y={62} textAnchor="middle">
              {hexShort(p.va)}
            </text>
          </g>
        );
      })}
      {shown ? (
        <g className="cfu-range">
          <rect x={x0 - 3} y={80} width={Math.max(6, x1 - x0 + 6)} height={10} rx={2} />
          {xc > x0 ? (
            <rect className="cfu-range-done" x={x0 - 3} y={80} width={Math.max(3, xc - x0 + 3)} height={10} rx={2} />
          ) : null}
          <text x={Math.max(LEFT, Math.min(x0, width - 340))} y={104}>
            {`from ${hexShort(from)}, n = ${run.n}:`}
          </text>
          <text x={Math.max(LEFT, Math.min(x0, width - 340))} y={118}>
            {perPage(from, run.n)}
          </text>
        </g>
      ) : (
        <text className="cfu-outside" x={LEFT} y={100}>
          {`from = ${hexShort(from)} is not among these pages${run.n === 0 ? " (and n = 0)" : ""}`}
        </text>
      )}
      {faultX !== null ? (
        <text className="cfu-fault-label" x={faultX} y={18} textAnchor="middle">
          #PF
        </text>
      ) : null}
    </svg>
  );
}

// "16 bytes in page 0x...1000, 48 in 0x...2000": how the range splits over pages, which the copy takes one by one.
function perPage(from: bigint, n: number): string {
  const parts: string[] = [];
  let at = from;
  const end = from + BigInt(n);
  while (at < end && parts.length < 4) {
    const page = at - (at % BigInt(PAGE));
    const stop = page + BigInt(PAGE) < end ? page + BigInt(PAGE) : end;
    parts.push(`${stop - at} in ${hexShort(page)}`);
    at = stop;
  }
  return (parts.join(", ") + (at < end ? ", ..." : "")).replace(/^(\d+) in/, "$1 bytes in");
}

function hexShort(v: bigint | number): string {
  return "0x" + BigInt.asUintN(64, BigInt(v)).toString(16);
}
