// kmap()/kunmap(): the global pool of LAST_PKMAP entries in the pkmap window (mm/highmem.c: kmap_high,
// map_new_virtual, flush_all_zero_pkmaps, kunmap_high; facts §2.1). pkmap_count[nr] is 0 for a free entry, 1 for
// one whose last user has gone but whose TLB entry may be stale, n + 1 for n users. A full pool makes the caller
// sleep, which the model reports as a result; wrapping past the last entry flushes the TLB once, which it counts.

import type { I386Layout } from "./layout-i386";
import { refuse, type KmapResult, type KunmapResult } from "./kmap-constants";
import type { KmapLocal } from "./kmap-local";

/** The pkmap pool of one i386 kernel. */
export class PkmapPool {
  /** pkmap_count[]: one counter per entry of the window. */
  readonly pkmapCount: number[];
  /** last_pkmap_nr: where the next search for a free entry starts (after it). */
  lastPkmapNr = 0;
  /** flush_tlb_kernel_range calls made by flush_all_zero_pkmaps (only when an entry was released). */
  flushes = 0;
  private readonly layout: I386Layout;
  private readonly local: KmapLocal | null;
  /** The frame each entry's PTE maps (null: pte_none). */
  private readonly entryPfn: (number | null)[];
  /** set_page_address(): the entry a highmem page is mapped at, while it has one. */
  private readonly pageEntry = new Map<number, number>();

  /** A pool for `layout`'s window; with `local`, kmap() refuses to sleep on a CPU inside kmap_atomic. */
  constructor(layout: I386Layout, local: KmapLocal | null = null) {
    this.layout = layout;
    this.local = local;
    this.pkmapCount = Array.from({ length: layout.lastPkmap }, () => 0);
    this.entryPfn = Array.from({ length: layout.lastPkmap }, () => null);
  }

  /** PKMAP_ADDR(nr) = PKMAP_BASE + (nr << PAGE_SHIFT). */
  entryAddress(nr: number): number {
    return this.layout.pkmapBase + nr * 4096;
  }

  /** page_address(page): the direct-map address of a lowmem page, the pkmap address of a mapped highmem page, or null. */
  findPageAddress(pfn: number): number | null {
    if (pfn < this.maxLowPfn()) return this.layout.pageOffset + pfn * 4096;
    const nr = this.pageEntry.get(pfn);
    return nr === undefined ? null : this.entryAddress(nr);
  }

  /**
   * kmap(page) on `cpu`: might_sleep, then a lowmem page's direct-map address, or kmap_high: the page's existing
   * entry (one more user), else the next free entry after last_pkmap_nr, flushing at each wrap to entry 0. When no
   * entry is free the caller would sleep: "kmap-would-block", with last_pkmap_nr where the kernel's scan left it.
   */
  kmap(pfn: number, cpu = 0): KmapResult {
    const sleeps = this.local?.mightSleep(cpu, `kmap(pfn 0x${pfn.toString(16)})`);
    if (sleeps && !sleeps.ok) return sleeps;
    if (!Number.isSafeInteger(pfn) || pfn < 0 || pfn >= this.maxPfn())
      return refuse("no-struct-page", `kmap(pfn ${pfn})`);
    if (pfn < this.maxLowPfn()) return { ok: true, addr: this.layout.pageOffset + pfn * 4096, slot: null };
    let nr = this.pageEntry.get(pfn);
    if (nr === undefined) {
      const found = this.mapNewVirtual(pfn);
      if (found === null)
        return refuse(
          "kmap-would-block",
          `kmap(pfn 0x${pfn.toString(16)}) with all ${this.layout.lastPkmap} entries in use`,
        );
      nr = found;
    }
    this.pkmapCount[nr] = (this.pkmapCount[nr] ?? 0) + 1;
    return { ok: true, addr: this.entryAddress(nr), slot: nr };
  }

  /** kunmap(page): a lowmem page needs nothing; a highmem page loses one user (its entry stays until a flush). */
  kunmap(pfn: number): KunmapResult {
    if (pfn >= 0 && pfn < this.maxLowPfn()) return { ok: true, slot: null };
    const nr = this.pageEntry.get(pfn);
    const what = `kunmap(pfn 0x${pfn.toString(16)})`;
    // BUG_ON(!vaddr), or --pkmap_count reaching 0: more kunmaps than kmaps.
    if (nr === undefined || (this.pkmapCount[nr] ?? 0) <= 1) return refuse("kunmap-unbalanced", what);
    this.pkmapCount[nr] = (this.pkmapCount[nr] ?? 0) - 1;
    return { ok: true, slot: nr };
  }

  /** map_new_virtual: the kernel's scan; null where it would sleep. */
  private mapNewVirtual(pfn: number): number | null {
    const last = this.layout.lastPkmap;
    let count = last;
    for (;;) {
      this.lastPkmapNr = (this.lastPkmapNr + 1) & (last - 1);
      if (this.lastPkmapNr === 0) {
        this.flushAllZeroPkmaps();
        count = last;
      }
      if (this.pkmapCount[this.lastPkmapNr] === 0) break;
      if (--count === 0) return null;
    }
    const nr = this.lastPkmapNr;
    this.entryPfn[nr] = pfn;
    this.pkmapCount[nr] = 1;
    this.pageEntry.set(pfn, nr);
    return nr;
  }

  /** flush_all_zero_pkmaps: entries with count 1 become free; one TLB flush if any did. */
  private flushAllZeroPkmaps(): void {
    let needFlush = false;
    for (let i = 0; i < this.pkmapCount.length; i++) {
      if (this.pkmapCount[i] !== 1) continue;
      this.pkmapCount[i] = 0;
      const pfn = this.entryPfn[i];
      if (pfn !== null && pfn !== undefined) this.pageEntry.delete(pfn);
      this.entryPfn[i] = null;
      needFlush = true;
    }
    if (needFlush) this.flushes++;
  }

  private maxLowPfn(): number {
    return Math.floor(this.layout.lowmemBytes / 4096);
  }

  private maxPfn(): number {
    return Math.floor((this.layout.lowmemBytes + this.layout.highmemBytes) / 4096);
  }
}
