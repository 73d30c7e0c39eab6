import type { PhysicalMemory } from "../memory/physical-memory";
import { pagingMode, type CpuState, type PagingMode, type TranslationResult, type Walk64Options } from "./cpu-state";
import type { Access } from "./types";
import { walk32 } from "./walk32";
import { walkLong } from "./walk-long";
import { walkPae } from "./walk-pae";

/** Options of `translate`: the walkers' options plus the paging mode (default: what CR0/CR4/EFER select). */
export interface TranslateOptions extends Walk64Options {
  mode?: PagingMode;
}

/**
 * Translates `va` in whatever paging mode the registers (or `options.mode`) select: no paging, 32-bit, PAE,
 * 4-level or 5-level. MAXPHYADDR defaults to 40 in 32-bit mode and 52 otherwise. Throws if a 32-bit mode gets a VA
 * of 2^32 or more (a caller bug; linear addresses there are 32 bits wide).
 */
export function translate(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: TranslateOptions): TranslationResult {
  const mode = options?.mode ?? pagingMode(cpu.cr0, cpu.cr4, cpu.efer);
  if (mode === "4-level" || mode === "5-level") return walkLong(cpu, mem, va, access, mode === "5-level", options);
  if (va < 0n || va >= 1n << 32n) throw new RangeError(`a ${mode} linear address is 32 bits wide, got 0x${va.toString(16)}`);
  const va32 = Number(va);
  if (mode === "pae") return walkPae(cpu, mem, va32, access, options);
  if (mode === "none") return { ok: true, pa: va32, pageSize: 4096 };
  const r = walk32(cpu, mem, va32, access, { ...options, maxPhyAddr: Math.min(options?.maxPhyAddr ?? 40, 40) });
  const result: TranslationResult = r.ok ? { ok: true, pa: r.pa, pageSize: r.pageSize } : { ok: false, fault: "PF", errorCode: r.errorCode, cr2: BigInt(r.cr2) };
  if (r.trace) result.trace = r.trace;
  return result;
}
