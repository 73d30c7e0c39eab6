import { CR0_WP, CR4_SMAP, CR4_SMEP, PF_I, PF_U, PF_W } from "./constants";
import type { Access } from "./types";

/** Who is accessing and under which control bits; the same for every paging mode. */
export interface AccessContext {
  access: Access;
  /** A CPL-3 explicit access (implicit supervisor accesses count as supervisor even at CPL 3). */
  isUser: boolean;
  cr0: number;
  cr4: number;
  ac: boolean;
  implicit: boolean;
  /** Whether execute-disable exists in this mode (PAE/4-level with EFER.NXE = 1). */
  nxEnabled: boolean;
}

/** The W/R, U/S and I/D bits of a #PF error code, which describe the access, not the page (facts §1.5). */
export function accessErrorBits(ctx: AccessContext): number {
  let code = 0;
  if (ctx.access === "write") code |= PF_W;
  if (ctx.isUser) code |= PF_U;
  // I/D is reported only when fetches can be refused by paging at all: SMEP, or PAE/4-level with NXE.
  if (ctx.access === "exec" && ((ctx.cr4 & CR4_SMEP) !== 0 || ctx.nxEnabled)) code |= PF_I;
  return code;
}

/**
 * SDM §4.6 access rights, given the combined rights of the walk: `userAddress` (U/S = 1 at every level),
 * `writable` (R/W = 1 at every level) and `executeDisabled` (XD = 1 at any level, only with NXE).
 */
export function isAccessAllowed(ctx: AccessContext, userAddress: boolean, writable: boolean, executeDisabled: boolean): boolean {
  if (ctx.isUser) {
    if (!userAddress) return false;
    if (ctx.access === "write") return writable; // user writes honour R/W whatever CR0.WP says
    if (ctx.access === "exec") return !executeDisabled;
    return true;
  }
  if (ctx.access === "exec") {
    if (userAddress && (ctx.cr4 & CR4_SMEP) !== 0) return false;
    return !executeDisabled;
  }
  // Supervisor data access: SMAP first, then CR0.WP for writes.
  if (userAddress && (ctx.cr4 & CR4_SMAP) !== 0 && (ctx.implicit || !ctx.ac)) return false;
  if (ctx.access === "write" && (ctx.cr0 & CR0_WP) !== 0) return writable;
  return true;
}
