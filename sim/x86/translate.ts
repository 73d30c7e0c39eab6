import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed } from "./access-check";
import { CR4_PGE, CR4_PKE, EFER_NXE, PF_P, PF_PK } from "./constants";
import { pagingMode, type CpuState, type PagingMode, type TranslationResult, type Walk64Options } from "./cpu-state";
import { hex } from "./hex";
import type { Tlb } from "./tlb";
import type { Access } from "./types";
import { walk32, walk32Into } from "./walk32";
import { isBlockedByKey, isCanonicalHalves, splitVa, walkLong, walkLongInto } from "./walk-long";
import { walkPae, walkPaeInto } from "./walk-pae";
import { createWalkRecord, toTranslation, WALK_OK, WALK_PF, type WalkRecord, type WalkStatus } from "./walk-record";

/** Options of `translate`: the walkers' options, the paging mode (default: what CR0/CR4/EFER select), a TLB. */
export interface TranslateOptions extends Walk64Options {
  mode?: PagingMode;
  /** Look up and fill this TLB (SDM §4.10): without one every translation walks memory, as before. */
  tlb?: Tlb;
}

// translate's own scratch record: walks are synchronous and call nothing back, so one is never used twice at once.
const scratch = createWalkRecord();

/**
 * Translates `va` in whatever paging mode the registers (or `options.mode`) select: no paging, 32-bit, PAE,
 * 4-level or 5-level. MAXPHYADDR defaults to 40 in 32-bit mode and 52 otherwise. Throws if a 32-bit mode gets a VA
 * of 2^32 or more (a caller bug; linear addresses there are 32 bits wide).
 */
export function translate(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: TranslateOptions): TranslationResult {
  const mode = options?.mode ?? pagingMode(cpu.cr0, cpu.cr4, cpu.efer);
  const long = mode === "4-level" || mode === "5-level";
  if (!long && (va < 0n || va >= 1n << 32n)) throw new RangeError(`a ${mode} linear address is 32 bits wide, got 0x${va.toString(16)}`);
  options?.tlb?.observe(cpu); // before "none": turning paging off flushes the TLB too
  if (mode === "none") return { ok: true, pa: Number(va), pageSize: 4096 };
  const [vaHi, vaLo] = long ? splitVa(va) : [0, Number(va)];
  if (options?.tlb !== undefined) return translateCached(cpu, mem, mode, va, vaHi, vaLo, access, options, options.tlb);
  if (options?.trace === true) return walkTraced(cpu, mem, mode, va, vaHi, vaLo, access, options);
  return toTranslation(walkInto(cpu, mem, mode, vaHi, vaLo, access, scratch, options), scratch, va);
}

/**
 * The non-allocating walk of `mode` (not "none") for a VA given as unsigned 32-bit halves (vaHi = 0 in 32-bit
 * modes): the status, with the rest in `out` (see WalkRecord). The same results as the mode's walker.
 */
export function walkInto(cpu: CpuState, mem: PhysicalMemory, mode: Exclude<PagingMode, "none">, vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  if (mode === "i386") return walk32Into(cpu, mem, vaLo, access, out, options);
  if (mode === "pae") return walkPaeInto(cpu, mem, vaLo, access, out, options);
  return walkLongInto(cpu, mem, vaHi, vaLo, access, mode === "5-level", out, options);
}

// The allocating walkers, for their traces.
function walkTraced(cpu: CpuState, mem: PhysicalMemory, mode: Exclude<PagingMode, "none">, va: bigint, vaHi: number, vaLo: number, access: Access, options: Walk64Options): TranslationResult {
  if (mode === "4-level" || mode === "5-level") return walkLong(cpu, mem, va, access, mode === "5-level", options);
  if (mode === "pae") return walkPae(cpu, mem, vaLo, access, options);
  const r = walk32(cpu, mem, vaLo, access, { ...options, maxPhyAddr: Math.min(options.maxPhyAddr ?? 40, 40) });
  const result: TranslationResult = r.ok ? { ok: true, pa: r.pa, pageSize: r.pageSize } : { ok: false, fault: "PF", errorCode: r.errorCode, cr2: BigInt(r.cr2) };
  if (r.trace) result.trace = r.trace;
  return result;
}

// A translation through `tlb`: a hit is checked against today's CPL, CR0.WP, SMEP/SMAP/AC and PKRU with the cached
// rights (SDM §4.10.2.2; a protection fault may come from a stale entry and drops it, §4.10.4.1); a miss, or a write
// through an entry whose D is 0 (§4.8: the CPU must set D in memory), walks and caches what succeeded. Faults from
// walks are never cached, and drop any entry of the page.
function translateCached(cpu: CpuState, mem: PhysicalMemory, mode: Exclude<PagingMode, "none">, va: bigint, vaHi: number, vaLo: number, access: Access, options: TranslateOptions, tlb: Tlb): TranslationResult {
  const long = mode === "4-level" || mode === "5-level";
  const trace = options.trace === true;
  if (long && !isCanonicalHalves(vaHi, mode === "5-level")) return trace ? walkTraced(cpu, mem, mode, va, vaHi, vaLo, access, options) : { ok: false, fault: "GP", errorCode: 0 };
  const entry = tlb.lookup(vaHi, vaLo);
  if (entry !== null) {
    const implicit = cpu.implicit === true;
    const isUser = cpu.user && !implicit;
    let cause = 0;
    if (!isAccessAllowed(access, isUser, cpu.cr0, cpu.cr4, cpu.ac, implicit, entry.user, entry.writable, entry.nx)) cause = PF_P;
    else if (long && entry.user && access !== "exec" && (cpu.cr4 & CR4_PKE) !== 0 && isBlockedByKey(cpu, access, isUser, entry.pkey)) cause = PF_P | PF_PK;
    if (cause !== 0) {
      tlb.hits++;
      tlb.invalidatePage(vaHi, vaLo);
      const errorCode = cause | accessErrorBits(access, isUser, cpu.cr4, mode !== "i386" && (cpu.efer & EFER_NXE) !== 0);
      const result: TranslationResult = { ok: false, fault: "PF", errorCode, cr2: va };
      if (trace) result.trace = { steps: [], stop: `#PF ${hex(errorCode)}: protection, from the TLB entry of ${hex(entry.va)} (now dropped)` };
      return result;
    }
    if (access !== "write" || entry.dirty) {
      tlb.hits++;
      const pa = entry.pa + (vaLo & (entry.size - 1));
      const result: TranslationResult = { ok: true, pa, pageSize: entry.size };
      if (trace) result.trace = { steps: [], stop: `TLB hit: page ${hex(entry.va)} -> frame ${hex(entry.pa)}, pa = ${hex(pa)}` };
      return result;
    }
  }
  tlb.misses++;
  let result: TranslationResult;
  let status: WalkStatus;
  if (trace) {
    result = walkTraced(cpu, mem, mode, va, vaHi, vaLo, access, options);
    // The entry's details come from a second, silent walk of the same (now A/D-updated) entries.
    status = result.ok ? walkInto(cpu, mem, mode, vaHi, vaLo, access, scratch, { ...options, updateAccessedDirty: false }) : WALK_PF;
  } else {
    status = walkInto(cpu, mem, mode, vaHi, vaLo, access, scratch, options);
    result = toTranslation(status, scratch, va);
  }
  if (status === WALK_OK) tlb.fill(vaHi, vaLo, scratch, (cpu.cr4 & CR4_PGE) !== 0);
  else tlb.invalidatePage(vaHi, vaLo);
  return result;
}
