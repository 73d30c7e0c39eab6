import { pagingMode, type PagingMode } from "../paging-formats";
import { CR4_PCIDE, CR4_PGE, CR4_SMEP } from "./constants";
import type { CpuState, PageSize } from "./cpu-state";
import { decodeLeaf, type WalkRecord } from "./walk-record";

// A translation lookaside buffer as SDM §4.10 describes it, for `translate(..., { tlb })`. What it caches and when it
// forgets is architectural; what it does not model (PCIDs, paging-structure caches, a finite size with eviction) only
// makes it keep entries longer, which the SDM allows ("the processor may retain entries"). Lessons rely on exactly
// that: a PTE changed in memory without INVLPG keeps translating the old way.

/** One cached translation: a virtual page of `size` bytes and what a walk found for it (SDM §4.10.2.2). */
export interface TlbEntry {
  /** The page's first virtual address (64-bit VAs as unsigned values). */
  readonly va: bigint;
  /** The frame's first physical address. */
  readonly pa: number;
  readonly size: PageSize;
  /** The combined rights of the walk: U/S and R/W ANDed over the levels, XD ORed (facts §1.4). */
  readonly user: boolean;
  readonly writable: boolean;
  readonly nx: boolean;
  /** The leaf's D when the entry was made: a write through a clean entry walks again to set D (SDM §4.8). */
  readonly dirty: boolean;
  /** G = 1 in the leaf and CR4.PGE = 1 at fill time: survives CR3 loads, not INVLPG. */
  readonly global: boolean;
  /** The leaf's protection key, checked against PKRU on every access (4/5-level only). */
  readonly pkey: number;
}

const SIZES: readonly PageSize[] = [4096, 2097152, 4194304, 1073741824];
const TWO_20 = 1048576;

/**
 * A TLB: entries keyed by virtual page number, one table per page size (4 KB, 2 MB, 4 MB, 1 GB). Filled by successful
 * translations only (a not-present or reserved-bit fault is never cached), emptied by INVLPG, CR3 loads (all but
 * global entries), CR4 writes that change PGE and the other bits SDM §4.10.4.1 names, and page faults on the page.
 */
export class Tlb {
  // Keyed by page number: va / size, so a 4 KB page of a 64-bit VA stays below 2^52.
  private readonly tables: Map<number, TlbEntry>[] = SIZES.map(() => new Map<number, TlbEntry>());
  private seen: { cr3: number; cr4: number; mode: PagingMode } | null = null;
  /** Translations answered from an entry / that had to walk (a write through a clean entry counts as a walk). */
  hits = 0;
  misses = 0;

  /** How many entries are cached. */
  get size(): number {
    return this.tables.reduce((n, t) => n + t.size, 0);
  }

  /** Every cached entry, by VA then size: what a TLB widget draws. */
  entries(): TlbEntry[] {
    const all = this.tables.flatMap((t) => [...t.values()]);
    return all.sort((a, b) => (a.va < b.va ? -1 : a.va > b.va ? 1 : a.size - b.size));
  }

  /** The entry a translation of `va` would use, or null (a miss). */
  find(va: bigint): TlbEntry | null {
    const v = BigInt.asUintN(64, va);
    return this.lookup(Number(v >> 32n), Number(v & 0xffffffffn));
  }

  /** The entry for the VA given as unsigned 32-bit halves, smaller pages first (a coherent TLB has one at most). */
  lookup(vaHi: number, vaLo: number): TlbEntry | null {
    const vpn = vaHi * TWO_20 + (vaLo >>> 12); // < 2^52: exact in a double
    for (let i = 0; i < SIZES.length; i++) {
      const table = this.tables[i];
      if (table === undefined || table.size === 0) continue;
      const entry = table.get(Math.floor(vpn / ((SIZES[i] ?? 4096) / 4096)));
      if (entry !== undefined) return entry;
    }
    return null;
  }

  /** Caches the successful walk in `record` of the VA given as halves; `pge` is CR4.PGE at fill time. */
  fill(vaHi: number, vaLo: number, record: WalkRecord, pge: boolean): void {
    const size = record.pageSize;
    const index = SIZES.indexOf(size);
    const pageNumber = Math.floor((vaHi * TWO_20 + (vaLo >>> 12)) / (size / 4096));
    const offset = vaLo & (size - 1);
    const leaf = decodeLeaf(record.leaf);
    this.tables[index]?.set(pageNumber, { va: BigInt(pageNumber) * BigInt(size), pa: record.pa - offset, size, ...leaf, global: leaf.global && pge });
  }

  /** INVLPG `va`: drops every entry whose page contains it, whatever its size, global ones included. */
  invlpg(va: bigint): void {
    const v = BigInt.asUintN(64, va);
    this.invalidatePage(Number(v >> 32n), Number(v & 0xffffffffn));
  }

  /** invlpg for a VA given as halves; also what a #PF does to the faulting page (SDM §4.10.4.1). */
  invalidatePage(vaHi: number, vaLo: number): void {
    const vpn = vaHi * TWO_20 + (vaLo >>> 12);
    SIZES.forEach((size, i) => this.tables[i]?.delete(Math.floor(vpn / (size / 4096))));
  }

  /** MOV to CR3 (even of the same value): drops every entry but the global ones. */
  reloadCr3(): void {
    for (const table of this.tables) for (const [key, entry] of table) if (!entry.global) table.delete(key);
  }

  /** Drops everything, global entries too. */
  flushAll(): void {
    for (const table of this.tables) table.clear();
  }

  /**
   * Applies what the register writes since the last call would have flushed (translate calls it first): a changed
   * paging mode (CR0.PG, CR4.PAE, EFER.LME, CR4.LA57), CR4.PGE toggled, CR4.PCIDE 1 -> 0 or CR4.SMEP 0 -> 1 flush
   * everything; otherwise a changed CR3 flushes all but global entries. The first call only records.
   */
  observe(cpu: CpuState): void {
    const mode = pagingMode(cpu.cr0, cpu.cr4, cpu.efer);
    const was = this.seen;
    this.seen = { cr3: cpu.cr3, cr4: cpu.cr4, mode };
    if (was === null) return;
    const toggled = (was.cr4 ^ cpu.cr4) >>> 0;
    const cleared = (was.cr4 & ~cpu.cr4) >>> 0;
    const set = (~was.cr4 & cpu.cr4) >>> 0;
    if (mode !== was.mode || (toggled & CR4_PGE) !== 0 || (cleared & CR4_PCIDE) !== 0 || (set & CR4_SMEP) !== 0) this.flushAll();
    else if (cpu.cr3 !== was.cr3) this.reloadCr3();
  }
}
