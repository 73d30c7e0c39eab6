import type { Span } from "../physical-memory-bar/bar-scale";
import type { MappedFrames } from "./attack-model";
import type { AttackSetup } from "./attack-props";

// Physical memory as the attack map draws it: frame ranges from 0 to the end of RAM (or to the end of the mapping,
// when it runs past RAM), cut wherever the buffer, the cred page or the mapped frames begin or end, so that each
// span is one kind of frame. Before the learner commits to a prediction the mapping is not drawn (mapped = null).

export type FrameSpanKind =
  "ram" | "buffer" | "buffer-mapped" | "cred" | "cred-mapped" | "mapped" | "no-ram" | "no-ram-mapped";

/** Frames [start, end) of one kind. */
export interface FrameSpan extends Span {
  kind: FrameSpanKind;
}

/** The spans from frame 0 to max(end of RAM, end of the mapping), adjacent spans of one kind merged. */
export function frameSpans(setup: AttackSetup, mapped: MappedFrames | null): FrameSpan[] {
  const { bufPfn, bufPages } = setup.buffer;
  const mapEnd = mapped === null ? 0 : mapped.first + mapped.count;
  const end = Math.max(setup.ramFrames, mapEnd);
  const cuts = [0, bufPfn, bufPfn + bufPages, setup.credPfn, setup.credPfn + 1, setup.ramFrames, end];
  if (mapped !== null) cuts.push(mapped.first, mapEnd);
  const edges = [...new Set(cuts)].filter((c) => c <= end).sort((a, b) => a - b);
  const spans: FrameSpan[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i] ?? 0;
    const stop = edges[i + 1] ?? start;
    const kind = kindAt(setup, mapped, start);
    const last = spans.at(-1);
    if (last !== undefined && last.kind === kind) last.end = stop;
    else spans.push({ kind, start, end: stop });
  }
  return spans;
}

// Every frame of a span is the same kind, so its first frame decides.
function kindAt(setup: AttackSetup, mapped: MappedFrames | null, pfn: number): FrameSpanKind {
  const isMapped = mapped !== null && pfn >= mapped.first && pfn < mapped.first + mapped.count;
  const { bufPfn, bufPages } = setup.buffer;
  if (pfn === setup.credPfn) return isMapped ? "cred-mapped" : "cred";
  if (pfn >= bufPfn && pfn < bufPfn + bufPages) return isMapped ? "buffer-mapped" : "buffer";
  if (pfn >= setup.ramFrames) return isMapped ? "no-ram-mapped" : "no-ram";
  return isMapped ? "mapped" : "ram";
}

/** How each kind is named in a span's tooltip and in the text beside the drawing. */
export const FRAME_KIND_NAMES: Record<FrameSpanKind, string> = {
  ram: "RAM, not mapped",
  buffer: "the driver's buffer, not mapped",
  "buffer-mapped": "the driver's buffer, mapped",
  cred: "a cred_jar slab page holding your struct cred, not mapped",
  "cred-mapped": "the cred_jar page, MAPPED into the process",
  mapped: "RAM outside the buffer, MAPPED into the process",
  "no-ram": "past the end of RAM: no memory",
  "no-ram-mapped": "past the end of RAM, mapped (no memory behind it)",
};
