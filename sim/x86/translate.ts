import type { PhysicalMemory } from "../memory/physical-memory";
import { PAGING_FORMAT_BY_ID, pagingFormat, type PagingFormat, type PagingFormatId } from "../paging-formats";
import { accessErrorBits, isAccessAllowed } from "./access-check";
import { CR4_PGE, CR4_PKE, EFER_NXE, PF_P, PF_PK } from "./constants";
import type { CpuState, TranslationResult, Walk64Options } from "./cpu-state";
import { hex } from "./hex";
import type { Tlb } from "./tlb";
import type { Access } from "./types";
import { isBlockedByKey, splitVa } from "./walk-long";
import { createWalkRecord, toTranslation, WALK_OK, WALK_PF, type WalkRecord, type WalkStatus } from "./walk-record";

/**
 * Options of `translate`: the walkers' options, the format to walk (default: what CR0/CR4/EFER select), a TLB.
 * `mode` is a PAGING_FORMATS id (every paging mode, such as "pae", is one), "none", or a row of a table of one's own.
 */
export interface TranslateOptions extends Walk64Options {
  mode?: PagingFormatId | "none" | PagingFormat;
  /** Look up and fill this TLB (SDM §4.10): without one every translation walks memory, as before. */
  tlb?: Tlb;
}

/** The rows by id, and "none" (no paging). */
const FORMAT_OR_NONE: Readonly<Record<PagingFormatId | "none", PagingFormat | null>> = { ...PAGING_FORMAT_BY_ID, none: null };
const TWO_32 = 1n << 32n;

// translate's own scratch record: walks are synchronous and call nothing back, so one is never used twice at once.
const scratch = createWalkRecord();

/**
 * Translates `va` in whatever paging format the registers (or `options.mode`) select: no paging, 32-bit, PAE,
 * 4-level or 5-level, through the row's walker. MAXPHYADDR defaults to the row's (40 in 32-bit paging, 52
 * otherwise). Throws if a 32-bit format gets a VA of 2^32 or more (a caller bug; linear addresses there are 32 bits
 * wide).
 */
export function translate(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: TranslateOptions): TranslationResult {
  const given = options?.mode;
  const format = given === undefined ? pagingFormat(cpu.cr0, cpu.cr4, cpu.efer) : typeof given === "string" ? FORMAT_OR_NONE[given] : given;
  const wide = format !== null && format.linearBits === 64;
  if (!wide) {
    const bits = format === null ? 32 : format.linearBits;
    if (va < 0n || va >= (bits === 32 ? TWO_32 : 1n << BigInt(bits))) {
      throw new RangeError(`a ${format === null ? "none" : format.mode} linear address is ${bits} bits wide, got 0x${va.toString(16)}`);
    }
  }
  options?.tlb?.observe(cpu); // before "none": turning paging off flushes the TLB too
  if (format === null) return { ok: true, pa: Number(va), pageSize: 4096 };
  const [vaHi, vaLo] = wide ? splitVa(va) : [0, Number(va)];
  if (options?.tlb !== undefined) return translateCached(cpu, mem, format, va, vaHi, vaLo, access, options, options.tlb);
  if (options?.trace === true) return format.walk(cpu, mem, va, access, options);
  return toTranslation(format.walkInto(cpu, mem, vaHi, vaLo, access, scratch, options), scratch, va);
}

/**
 * The non-allocating walk of the format `mode` (a PAGING_FORMATS id) for a VA given as unsigned 32-bit halves
 * (vaHi = 0 in 32-bit formats): the status, with the rest in `out` (see WalkRecord). The same results as the row's
 * allocating walker.
 */
export function walkInto(cpu: CpuState, mem: PhysicalMemory, mode: PagingFormatId, vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  return PAGING_FORMAT_BY_ID[mode].walkInto(cpu, mem, vaHi, vaLo, access, out, options);
}

/** Whether bits 63:vaBits - 1 of a VA given by its high half all equal (canonical, facts §1.6); vaBits > 32. */
function isCanonical(vaHi: number, vaBits: number): boolean {
  const top = (vaHi | 0) >> (vaBits - 33);
  return top === 0 || top === -1;
}

// A translation through `tlb`: a hit is checked against today's CPL, CR0.WP, SMEP/SMAP/AC and PKRU with the cached
// rights (SDM §4.10.2.2; a protection fault may come from a stale entry and drops it, §4.10.4.1); a miss, or a write
// through an entry whose D is 0 (§4.8: the CPU must set D in memory), walks and caches what succeeded. Faults from
// walks are never cached, and drop any entry of the page.
function translateCached(cpu: CpuState, mem: PhysicalMemory, format: PagingFormat, va: bigint, vaHi: number, vaLo: number, access: Access, options: TranslateOptions, tlb: Tlb): TranslationResult {
  const trace = options.trace === true;
  if (format.linearBits > format.vaBits && !isCanonical(vaHi, format.vaBits)) return trace ? format.walk(cpu, mem, va, access, options) : { ok: false, fault: "GP", errorCode: 0 };
  const entry = tlb.lookup(vaHi, vaLo);
  if (entry !== null) {
    const implicit = cpu.implicit === true;
    const isUser = cpu.user && !implicit;
    let cause = 0;
    if (!isAccessAllowed(access, isUser, cpu.cr0, cpu.cr4, cpu.ac, implicit, entry.user, entry.writable, entry.nx)) cause = PF_P;
    else if (format.protectionKeys && entry.user && access !== "exec" && (cpu.cr4 & CR4_PKE) !== 0 && isBlockedByKey(cpu, access, isUser, entry.pkey)) cause = PF_P | PF_PK;
    if (cause !== 0) {
      tlb.hits++;
      tlb.invalidatePage(vaHi, vaLo);
      const errorCode = cause | accessErrorBits(access, isUser, cpu.cr4, format.nx && (cpu.efer & EFER_NXE) !== 0);
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
    result = format.walk(cpu, mem, va, access, options);
    // The entry's details come from a second, silent walk of the same (now A/D-updated) entries.
    status = result.ok ? format.walkInto(cpu, mem, vaHi, vaLo, access, scratch, { ...options, updateAccessedDirty: false }) : WALK_PF;
  } else {
    status = format.walkInto(cpu, mem, vaHi, vaLo, access, scratch, options);
    result = toTranslation(status, scratch, va);
  }
  if (status === WALK_OK) tlb.fill(vaHi, vaLo, scratch, (cpu.cr4 & CR4_PGE) !== 0);
  else tlb.invalidatePage(vaHi, vaLo);
  return result;
}
