import type { EntryFlags } from "./page-table-builder-64";

// The user regions a 64-bit-entry scenario (PAE, x86-64) lays out before it fills page tables: one shape and one way
// to append them, so both builders plan the same way and draw from their seeded generator in the same order.

/** A user region to map: its bounds, leaf protection and how much of it is present. */
export interface PlannedRegion {
  name: string;
  startVa: number;
  endVa: number;
  writable: boolean;
  /** The leaf protection of a present page (writable regions pick RW or COW-read-only per page). */
  flags: EntryFlags;
  /** Share of pages present; about 5% more are swapped out, the rest never touched. */
  presentRatio: number;
  /** Pages at or above this address are all present (a stack's touched top). */
  touchedFrom?: number;
}

/** An empty plan and its `add(name, start, pages, flags, presentRatio)`, which returns the region's end. */
export function regionPlan(): {
  regions: PlannedRegion[];
  add: (name: string, start: number, pages: number, flags: EntryFlags, presentRatio: number) => number;
} {
  const regions: PlannedRegion[] = [];
  const add = (name: string, start: number, pages: number, flags: EntryFlags, presentRatio: number): number => {
    regions.push({ name, startVa: start, endVa: start + pages * 4096, writable: (flags.lo & 2) !== 0, flags, presentRatio });
    return start + pages * 4096;
  };
  return { regions, add };
}
