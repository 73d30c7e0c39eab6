import { hex } from "./hex";
import type { WalkTrace } from "./types";

/** The wire form of a trace for widgets and the grader: hex strings, at most 8 steps. */
export interface TraceView {
  steps: { level: string; entryAddress: string; entryValue: string; flags: string[]; note?: string }[];
  outcome: string;
}

const MAX_STEPS = 8;

/** Renders a trace with 0x-prefixed lowercase hex, no padding (0x0 for an empty entry); the outcome is `trace.stop`. */
export function toTraceView(trace: WalkTrace): TraceView {
  return {
    steps: trace.steps.slice(0, MAX_STEPS).map((s) => {
      const view: TraceView["steps"][number] = {
        level: s.level,
        entryAddress: hex(s.entryAddress),
        entryValue: hex(s.entryValue),
        flags: [...s.flags],
      };
      if (s.note !== undefined) view.note = s.note;
      return view;
    }),
    outcome: trace.stop,
  };
}
