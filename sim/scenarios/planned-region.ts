import type { Rng } from "../rng";
import type { EntryFlags } from "./page-table-builder-64";

// The user regions a scenario lays out before it fills page tables, and how it fills them: one shape and one way to
// append them (PAE, x86-64), one page-by-page fill (every builder), so all draw from their seeded generators alike.

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
    regions.push({
      name,
      startVa: start,
      endVa: start + pages * 4096,
      writable: (flags.lo & 2) !== 0,
      flags,
      presentRatio,
    });
    return start + pages * 4096;
  };
  return { regions, add };
}

/** What fillUserPages needs of a planned region: its pages and how many of them are present. */
export interface UserPages {
  /** First page's address and the address just past the last page. */
  readonly startVa: number;
  readonly endVa: number;
  readonly presentRatio: number;
  readonly touchedFrom?: number;
}

/**
 * Walks every page of `region` and decides, with one draw from `pages` per page, whether it is present (a share of
 * presentRatio, and always from touchedFrom up), swapped out (about 5% more) or never touched; the builder maps the
 * first two its own way, drawing further from `pages` in its own order. Every scenario builder fills user memory so.
 */
export function fillUserPages(
  region: UserPages,
  pages: Rng,
  present: (va: number, touched: boolean) => void,
  swapped: (va: number) => void,
): void {
  for (let va = region.startVa; va < region.endVa; va += 4096) {
    const roll = pages.nextU32() / 0x100000000;
    const touched = region.touchedFrom !== undefined && va >= region.touchedFrom;
    if (roll < region.presentRatio || touched) present(va, touched);
    else if (roll < region.presentRatio + 0.05) swapped(va);
  }
}
