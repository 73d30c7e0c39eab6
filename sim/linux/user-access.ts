import { PAGE_SIZE, PF_P, PF_U, PF_W } from "../x86/constants";
import type { Mm } from "./mm";
import { handlePageFault, TASK_SIZE_MAX, type FaultContext, type FaultOutcome } from "./page-fault";

/** Who touches user memory: the user program itself, or kernel code (inside STAC/CLAC or not). */
export interface Accessor extends FaultContext {
  fromUser: boolean;
}

/** A user page reached: its live bytes. Or the fault outcome that stopped the access. */
export type PageAccess = { ok: true; bytes: Uint8Array; offset: number } | { ok: false; outcome: FaultOutcome };

// Converted once: user-copy loops call touchUser for every byte, and a BigInt conversion allocates.
const TASK_SIZE_MAX_BIG = BigInt(TASK_SIZE_MAX);

/**
 * One access to the byte at user address `addr`, as the MMU and the fault handler see it in this model: a present
 * PTE that allows the access gives the bytes; otherwise a #PF (P = PTE present, W = write, U = from user mode) goes
 * to handlePageFault, and a resolved fault retries the access, as the CPU re-executes the instruction.
 */
export function touchUser(mm: Mm, addr: bigint, write: boolean, who: Accessor): PageAccess {
  const isUserAddress = addr < TASK_SIZE_MAX_BIG;
  for (let attempt = 0; attempt < 3; attempt++) {
    const pte = isUserAddress ? mm.findPte(Number(addr)) : null;
    const allowed = pte !== null && pte.present && (!write || pte.writable);
    // SMAP is a paging check: even a present, writable user page refuses a supervisor access without AC.
    const smapBlocks = !who.fromUser && who.smap && !who.ac && isUserAddress;
    if (allowed && !smapBlocks) {
      const a = Number(addr);
      return { ok: true, bytes: mm.pages.bytes(pte.pfn), offset: a % PAGE_SIZE };
    }
    const errorCode = (pte !== null && pte.present ? PF_P : 0) | (write ? PF_W : 0) | (who.fromUser ? PF_U : 0);
    const outcome = handlePageFault(mm, addr, errorCode, who);
    if (outcome.kind !== "resolved") return { ok: false, outcome };
  }
  throw new Error(`touchUser: fault at 0x${addr.toString(16)} resolved but the access still fails`);
}
