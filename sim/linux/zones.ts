// Memory zones by page frame number: which zone a pfn belongs to and whether its page is highmem (PageHighMem).
// i386: ZONE_DMA below 16 MB, ZONE_NORMAL up to the lowmem end, ZONE_HIGHMEM above (facts §2.1, from layoutI386).
// x86-64: ZONE_DMA below 16 MB, ZONE_DMA32 below 4 GB, ZONE_NORMAL above; no highmem (facts §2.1, "on 64-bit").

import { ZONE_DMA_END, type I386Layout } from "./layout-i386";

const PAGE_SHIFT = 12;
/** MAX_DMA_PFN: the ISA DMA limit, 16 MB [R]. */
export const MAX_DMA_PFN = ZONE_DMA_END >>> PAGE_SHIFT;
/** MAX_DMA32_PFN: 4 GB, what 32-bit DMA masks reach (x86-64 only) [R]. */
export const MAX_DMA32_PFN = 2 ** (32 - PAGE_SHIFT);

export type ZoneName = "DMA" | "DMA32" | "Normal" | "HighMem";

/** A zone: the frames [startPfn, endPfn). Only zones that hold at least one frame are listed. */
export interface Zone {
  name: ZoneName;
  startPfn: number;
  endPfn: number;
}

/** The zones of an i386 layout, in order (DMA, Normal, HighMem), as frame ranges of layoutI386's zones. */
export function zonesI386(layout: I386Layout): Zone[] {
  return layout.zones
    .map((z) => ({ name: z.name, startPfn: Math.floor(z.startPhys / 4096), endPfn: Math.floor(z.endPhys / 4096) }))
    .filter((z) => z.endPfn > z.startPfn);
}

/** The zones of an x86-64 machine with `ramBytes` of contiguous RAM from 0: DMA, DMA32, Normal. */
export function zonesX8664(ramBytes: number): Zone[] {
  if (!Number.isSafeInteger(ramBytes) || ramBytes <= 0) throw new RangeError("ramBytes must be a positive integer");
  const maxPfn = Math.floor(ramBytes / 4096);
  const zones: Zone[] = [
    { name: "DMA", startPfn: 0, endPfn: Math.min(maxPfn, MAX_DMA_PFN) },
    { name: "DMA32", startPfn: MAX_DMA_PFN, endPfn: Math.min(maxPfn, MAX_DMA32_PFN) },
    { name: "Normal", startPfn: MAX_DMA32_PFN, endPfn: maxPfn },
  ];
  return zones.filter((z) => z.endPfn > z.startPfn);
}

/** The zone holding `pfn`, or null for a frame beyond RAM (no struct page). */
export function findZone(zones: readonly Zone[], pfn: number): Zone | null {
  return zones.find((z) => pfn >= z.startPfn && pfn < z.endPfn) ?? null;
}

/** PageHighMem(page): the page is in ZONE_HIGHMEM, so it has no permanent kernel address. False beyond RAM. */
export function pageHighMem(zones: readonly Zone[], pfn: number): boolean {
  return findZone(zones, pfn)?.name === "HighMem";
}
