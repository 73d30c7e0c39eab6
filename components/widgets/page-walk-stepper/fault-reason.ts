import { CR0_WP, CR4_SMAP, CR4_SMEP, PTE_RW, PTE_US, type Access, type WalkStep } from "../../../sim/index";
import type { WalkMachine } from "./walk-types";

// Why a walk ended in a protection fault, in the rule's own words (facts §1.4): rights are ANDed (U/S, R/W) and
// ORed (NX) across the entries used, then checked against who accesses and how, in the SDM's order.

/**
 * The entries whose bits count for rights: those of levels whose `rights` is true in the paging-format row, which is
 * all of them except a PAE PDPTE, which grants none (facts §1.4).
 */
function rightsEntries(machine: Pick<WalkMachine, "format">, steps: WalkStep[]): WalkStep[] {
  const without = new Set(machine.format.levels.filter((level) => !level.rights).map((level) => level.entry));
  return without.size === 0 ? steps : steps.filter((s) => !without.has(s.level));
}

function low(step: WalkStep): number {
  return Number(BigInt(step.entryValue) & 0xffffffffn);
}

/**
 * The sentence that says which rule refused the access, naming the first entry that took the right away; null when
 * every rule allows it (then the fault was not a protection fault, or a protection key refused it).
 */
export function protectionReason(
  machine: Pick<WalkMachine, "format" | "cpu" | "nxe">,
  steps: WalkStep[],
  access: Access,
  user: boolean,
): string | null {
  const entries = rightsEntries(machine, steps);
  const without = (bit: number) => entries.find((s) => (low(s) & bit) === 0)?.level;
  const withNx = machine.nxe ? entries.find((s) => BigInt(s.entryValue) >> 63n === 1n)?.level : undefined;
  const supervisorOnly = without(PTE_US);
  const readOnly = without(PTE_RW);
  const { cr0, cr4, ac } = machine.cpu;
  if (user) {
    if (supervisorOnly)
      return `U/S is 0 in the ${supervisorOnly}, so this is a supervisor page, and a user-mode access may not touch it.`;
    if (access === "write" && readOnly)
      return `R/W is 0 in the ${readOnly}: the page is read-only, and user-mode writes always obey R/W.`;
    if (access === "exec" && withNx) return `NX is set in the ${withNx}: no instruction may be fetched from this page.`;
    return null;
  }
  const isUserPage = supervisorOnly === undefined;
  if (access === "exec") {
    if (isUserPage && (cr4 & CR4_SMEP) !== 0)
      return "SMEP is on (CR4 bit 20): the kernel may not execute code from a user page.";
    if (withNx)
      return `NX is set in the ${withNx}: no instruction may be fetched from this page, not even by the kernel.`;
    return null;
  }
  if (isUserPage && (cr4 & CR4_SMAP) !== 0 && !ac) {
    return "SMAP is on (CR4 bit 21) and EFLAGS.AC is 0: the kernel may touch a user page only between STAC and CLAC.";
  }
  if (access === "write" && (cr0 & CR0_WP) !== 0 && readOnly) {
    return `CR0.WP is 1 and R/W is 0 in the ${readOnly}: with WP set, even the kernel may not write a read-only page.`;
  }
  return null;
}
