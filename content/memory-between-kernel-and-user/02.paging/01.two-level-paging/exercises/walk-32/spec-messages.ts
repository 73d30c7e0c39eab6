import { mismatchExplainer } from "../../../../../kit/walk-spec";
import { CR0_WP, CR4_SMAP, CR4_SMEP, PF_I, PF_P, PF_RSVD, PF_U, PF_W } from "../../../../../../sim/index";
import type { WalkResult } from "./adapter";
import { describeWalk, hex32, type WalkInput } from "./spec-input";

// How a wrong answer is explained: what was asked, what came back, what was expected, and a hint for the
// mistakes people actually make (signed bitwise results, error codes that describe the page instead of the access).

const TWO_32 = 2 ** 32;
const ERROR_BITS: [number, string][] = [
  [PF_P, "P"],
  [PF_W, "W"],
  [PF_U, "U"],
  [PF_RSVD, "RSVD"],
  [PF_I, "I"],
];

export function isSameResult(expected: WalkResult, actual: WalkResult): boolean {
  if (expected.ok && actual.ok) return expected.pa === actual.pa && expected.pageSize === actual.pageSize;
  if (!expected.ok && !actual.ok) return expected.errorCode === actual.errorCode && expected.cr2 === actual.cr2;
  return false;
}

/** "0x7 (P|W|U)"; "0x0 (no bits)" for a kernel read of a not-present page. */
export function formatErrorCode(code: number): string {
  const names = ERROR_BITS.filter(([bit]) => (code & bit) !== 0).map(([, name]) => name);
  const unknown = code & ~ERROR_BITS.reduce((all, [bit]) => all | bit, 0);
  if (unknown !== 0) names.push(`unknown bits 0x${unknown.toString(16)}`);
  return `0x${code.toString(16)} (${names.length > 0 ? names.join("|") : "no bits"})`;
}

export function formatResult(result: WalkResult): string {
  if (result.ok) {
    const size =
      result.pageSize === 4096
        ? "a 4 KB page"
        : result.pageSize === 4194304
          ? "a 4 MB page"
          : `pageSize ${result.pageSize}`;
    return `pa ${formatNumber(result.pa)} (${size})`;
  }
  return `a page fault with error code ${formatErrorCode(result.errorCode)} and CR2 ${formatNumber(result.cr2)}`;
}

function formatNumber(value: number): string {
  if (value < 0) return String(value);
  return value < TWO_32 ? hex32(value) : "0x" + value.toString(16);
}

/** The learner-facing message for a wrong answer: the question, both answers, and every hint that applies. */
export const explainMismatch = mismatchExplainer(describeWalk, formatResult, hintsFor);

const SIGNED_HINT =
  "A negative number means a signed 32-bit result: JavaScript's bitwise operators (&, |, <<) return signed " +
  "numbers, so finish with >>> 0, e.g. (pte & 0xfffff000) >>> 0.";

function hintsFor(input: WalkInput, expected: WalkResult, actual: WalkResult): string[] {
  const hints: string[] = [];
  const isUser = input.user && input.implicit !== true;
  if ((actual.ok && actual.pa < 0) || (!actual.ok && actual.cr2 < 0)) hints.push(SIGNED_HINT);

  if (expected.ok && actual.ok) {
    if (expected.pageSize !== actual.pageSize) {
      hints.push(
        expected.pageSize === 4194304
          ? "This address is mapped by a 4 MB page: the PDE has PS = 1 and CR4.PSE = 1, so there is no page table."
          : "PS = 1 means a 4 MB page only when CR4.PSE = 1; otherwise the PDE points to a page table.",
      );
    } else if (expected.pa >= TWO_32 && actual.pa < TWO_32) {
      hints.push(
        "PDE bits 20:13 are physical address bits 39:32 (PSE-36). x << 32 is x in JavaScript: multiply by 2 ** 32.",
      );
    } else if (expected.pageSize === 4194304 && actual.pa % 4096 === expected.pa % 4096 && actual.pa >= 0) {
      hints.push("The offset inside a 4 MB page is the low 22 bits of the address (va & 0x3fffff), not 12.");
    }
    return hints;
  }

  if (!expected.ok && !actual.ok) {
    if (actual.cr2 !== expected.cr2 && actual.cr2 >= 0)
      hints.push(`CR2 is the faulting virtual address itself, ${hex32(expected.cr2)}.`);
    const missing = expected.errorCode & ~actual.errorCode;
    const extra = actual.errorCode & ~expected.errorCode;
    if ((missing | extra) & PF_U) {
      hints.push(
        "U/S (0x4) describes who accessed, not the page: it is 1 for every user-mode access and 0 for kernel ones.",
      );
    }
    if ((missing | extra) & PF_W)
      hints.push("W/R (0x2) describes the access: 1 for every write, 0 for reads and fetches.");
    if (missing & PF_RSVD)
      hints.push(
        "Bit 21 of a 4 MB PDE is reserved: a set reserved bit faults with RSVD and P (0x9), before any rights check.",
      );
    if (extra & PF_RSVD)
      hints.push(
        "Only a 4 MB PDE (PS = 1 with CR4.PSE = 1) has reserved bits here; a page-table PDE or a PTE has none.",
      );
    if (missing & PF_P && !(missing & PF_RSVD))
      hints.push("P (0x1) is 1 when every entry was present and the access broke the rights.");
    if (extra & PF_P) hints.push("P (0x1) is 0 when the walk met an entry with P = 0.");
    if ((missing | extra) & PF_I)
      hints.push("I/D (0x10) is set for an instruction fetch only when CR4.SMEP = 1 (32-bit paging has no NX).");
    return hints;
  }

  if (!expected.ok) {
    hints.push(...whyItFaults(input, isUser, expected.errorCode));
    return hints;
  }
  hints.push(...whyItIsAllowed(input, isUser));
  return hints;
}

function whyItFaults(input: WalkInput, isUser: boolean, code: number): string[] {
  if ((code & PF_P) === 0) return ["Some entry on the way has P = 0, so there is no translation."];
  if (code & PF_RSVD) return ["The 4 MB PDE has reserved bit 21 set."];
  if (isUser) {
    return [
      input.access === "write"
        ? "A user write needs U/S = 1 and R/W = 1 in both the PDE and the PTE."
        : "A user access needs U/S = 1 in both the PDE and the PTE.",
    ];
  }
  if (input.access === "exec") return ["With CR4.SMEP = 1 the kernel may not fetch instructions from a user page."];
  const smap = input.cr4 !== undefined && (input.cr4 & CR4_SMAP) !== 0;
  if (smap)
    return [
      "With CR4.SMAP = 1 the kernel may touch a user page only with EFLAGS.AC = 1, and never by an implicit access.",
    ];
  return ["With CR0.WP = 1 a kernel write honours R/W = 0 (in either entry)."];
}

function whyItIsAllowed(input: WalkInput, isUser: boolean): string[] {
  if (!isUser && input.access === "write" && input.cr0 !== undefined && (input.cr0 & CR0_WP) === 0) {
    return ["With CR0.WP = 0 the kernel may write pages that are read-only."];
  }
  if (input.access === "exec" && (input.cr4 === undefined || (input.cr4 & CR4_SMEP) === 0)) {
    return [
      "32-bit paging has no NX: a fetch is allowed wherever a read is (SMEP only stops the kernel fetching user pages).",
    ];
  }
  if (!isUser && input.ac && input.cr4 !== undefined && (input.cr4 & CR4_SMAP) !== 0) {
    return ["EFLAGS.AC = 1 lets an explicit kernel access reach a user page under SMAP."];
  }
  return [];
}
