import { CR0_WP, CR4_SMAP, CR4_SMEP, PF_I, PF_U, PF_W } from "./constants";
import type { Access } from "./types";

// Scalar arguments instead of a context object: the walkers call these once per walk, and a per-walk object was a
// measurable share of a walk's cost (bench/sim-bench.ts).

/**
 * The W/R, U/S and I/D bits of a #PF error code, which describe the access, not the page (facts §1.5).
 * `isUser` is a CPL-3 explicit access; `nxEnabled` says execute-disable exists (PAE/4-level with EFER.NXE = 1).
 */
export function accessErrorBits(access: Access, isUser: boolean, cr4: number, nxEnabled: boolean): number {
  let code = 0;
  if (access === "write") code |= PF_W;
  if (isUser) code |= PF_U;
  // I/D is reported only when fetches can be refused by paging at all: SMEP, or PAE/4-level with NXE.
  if (access === "exec" && ((cr4 & CR4_SMEP) !== 0 || nxEnabled)) code |= PF_I;
  return code;
}

/**
 * SDM §4.6 access rights, given who accesses (`isUser`: CPL 3 and explicit; `implicit`: a supervisor-only access
 * such as a GDT load, which SMAP never lets through; `ac`: EFLAGS.AC) and the combined rights of the walk:
 * `userAddress` (U/S = 1 at every level), `writable` (R/W = 1 at every level), `executeDisabled` (XD at any level).
 */
export function isAccessAllowed(
  access: Access,
  isUser: boolean,
  cr0: number,
  cr4: number,
  ac: boolean,
  implicit: boolean,
  userAddress: boolean,
  writable: boolean,
  executeDisabled: boolean,
): boolean {
  if (isUser) {
    if (!userAddress) return false;
    if (access === "write") return writable; // user writes honour R/W whatever CR0.WP says
    if (access === "exec") return !executeDisabled;
    return true;
  }
  if (access === "exec") {
    if (userAddress && (cr4 & CR4_SMEP) !== 0) return false;
    return !executeDisabled;
  }
  // Supervisor data access: SMAP first, then CR0.WP for writes.
  if (userAddress && (cr4 & CR4_SMAP) !== 0 && (implicit || !ac)) return false;
  if (access === "write" && (cr0 & CR0_WP) !== 0) return writable;
  return true;
}
