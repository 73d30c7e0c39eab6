import { mismatchExplainer } from "../../../../../kit/walk-spec";
import { CR0_WP, CR4_SMAP, CR4_SMEP, EFER_NXE, PF_I, PF_P, PF_RSVD, PF_U, PF_W } from "../../../../../../sim/index";
import type { WalkResult } from "./adapter";
import { describeWalk, vaHex, type WalkInput } from "./spec-input";

// How a wrong answer is explained: what was asked, what came back, what was expected, and a hint for the mistakes
// people actually make in a 64-bit walk (the canonical check, bigint/number mix-ups, PS in the wrong place, NX).

const ERROR_BITS: [number, string][] = [
  [PF_P, "P"],
  [PF_W, "W"],
  [PF_U, "U"],
  [PF_RSVD, "RSVD"],
  [PF_I, "I"],
];
const SIZES: Record<number, string> = { 4096: "a 4 KB page", 2097152: "a 2 MB page", 1073741824: "a 1 GB page" };

export function isSameResult(expected: WalkResult, actual: WalkResult): boolean {
  if (expected.ok && actual.ok) return expected.pa === actual.pa && expected.pageSize === actual.pageSize;
  if (expected.ok || actual.ok) return false;
  if (expected.fault === "GP" || actual.fault === "GP")
    return expected.fault === actual.fault && expected.errorCode === actual.errorCode;
  return expected.errorCode === actual.errorCode && expected.cr2 === actual.cr2;
}

/** "0x7 (P|W|U)"; "0x0 (no bits)" for a kernel read of a not-present page. */
export function formatErrorCode(code: number): string {
  const names = ERROR_BITS.filter(([bit]) => (code & bit) !== 0).map(([, name]) => name);
  const unknown = code & ~ERROR_BITS.reduce((all, [bit]) => all | bit, 0);
  if (unknown !== 0) names.push(`unknown bits 0x${unknown.toString(16)}`);
  return `0x${code.toString(16)} (${names.length > 0 ? names.join("|") : "no bits"})`;
}

export function formatResult(result: WalkResult): string {
  if (result.ok) return `pa ${formatPa(result.pa)} (${SIZES[result.pageSize] ?? `pageSize ${result.pageSize}`})`;
  if (result.fault === "GP") return `a general-protection fault #GP(${result.errorCode})`;
  return `a page fault with error code ${formatErrorCode(result.errorCode)} and CR2 ${formatCr2(result.cr2)}`;
}

function formatPa(pa: number): string {
  return pa < 0 ? String(pa) : "0x" + pa.toString(16).padStart(8, "0");
}

function formatCr2(cr2: string): string {
  return cr2.startsWith("0x") ? vaHex(BigInt(cr2)) : cr2;
}

/** The learner-facing message for a wrong answer: the question, both answers, and every hint that applies. */
export const explainMismatch = mismatchExplainer(describeWalk, formatResult, hintsFor);

const CANONICAL_HINT =
  "Bits 63:47 of a 4-level address must all equal bit 47 (canonical): otherwise the CPU raises #GP(0) before " +
  "reading any table, and never a page fault.";

function hintsFor(input: WalkInput, expected: WalkResult, actual: WalkResult): string[] {
  const isUser = input.user && input.implicit !== true;
  if (!expected.ok && expected.fault === "GP") return [CANONICAL_HINT];
  if (!actual.ok && actual.fault === "GP") {
    return [
      "This address is canonical (bits 63:47 all equal bit 47), so the walk goes ahead: #GP is only for non-canonical addresses.",
    ];
  }
  if (actual.ok && actual.pa < 0)
    return [
      "A negative pa means a signed 32-bit result: build 64-bit addresses with bigint and convert once with Number(...).",
    ];

  if (
    actual.ok &&
    BigInt(actual.pa) === (BigInt(input.va) & 0xffffffffffffn) &&
    (!expected.ok || expected.pa !== actual.pa)
  ) {
    return [
      "You returned the virtual address itself: follow the entries from CR3 down to the leaf, and take the frame from it.",
    ];
  }
  if (expected.ok && actual.ok) {
    if (expected.pageSize !== actual.pageSize) {
      return [
        expected.pageSize === 4096
          ? "This page is mapped by a PTE: PS = 1 means a large page only in a PDPTE (1 GB) or a PDE (2 MB)."
          : `PS = 1 in the ${expected.pageSize === 1073741824 ? "PDPTE makes it a 1 GB page: the offset is VA bits 29:0" : "PDE makes it a 2 MB page: the offset is VA bits 20:0"}, and the walk stops there.`,
      ];
    }
    if (expected.pa >= 2 ** 32 && actual.pa < 2 ** 32)
      return ["The frame address is entry bits 51:12 (below MAXPHYADDR): keep the bits above 31, e.g. with bigint."];
    return [
      "Check the offset: the low 12, 21 or 30 bits of the VA for a 4 KB, 2 MB or 1 GB page, and the frame address bits M-1:12.",
    ];
  }

  if (!expected.ok && !actual.ok && actual.fault === "PF") {
    const hints: string[] = [];
    if (actual.cr2 !== expected.cr2)
      hints.push(`CR2 is the faulting virtual address itself, ${formatCr2(expected.cr2)}, as a bigint.`);
    const missing = expected.errorCode & ~actual.errorCode;
    const extra = actual.errorCode & ~expected.errorCode;
    if ((missing | extra) & PF_U)
      hints.push("U/S (0x4) describes who accessed, not the page: 1 for every user-mode access, 0 for kernel ones.");
    if ((missing | extra) & PF_W)
      hints.push("W/R (0x2) describes the access: 1 for every write, 0 for reads and fetches.");
    if (missing & PF_RSVD) hints.push(reservedHint(input));
    if (extra & PF_RSVD)
      hints.push(
        "Only bits 51:MAXPHYADDR, bit 63 without NXE, PS in a PML4E and bits 29:13 / 20:13 of 1 GB / 2 MB leaves are reserved.",
      );
    if (missing & PF_P && !(missing & PF_RSVD))
      hints.push("P (0x1) is 1 when every entry was present and the access broke the rights (or hit a reserved bit).");
    if (extra & PF_P) hints.push("P (0x1) is 0 when the walk met an entry with P = 0.");
    if ((missing | extra) & PF_I)
      hints.push("I/D (0x10) is set for an instruction fetch when EFER.NXE = 1 or CR4.SMEP = 1.");
    return hints;
  }
  if (!expected.ok) return [whyItFaults(input, isUser, expected.errorCode)];
  return whyItIsAllowed(input, isUser);
}

function reservedHint(input: WalkInput): string {
  const nxe = input.efer === undefined || (input.efer & EFER_NXE) !== 0;
  return nxe
    ? "A present entry with a reserved bit set (bits 51:MAXPHYADDR, PS in a PML4E, bits 29:13 of a 1 GB or 20:13 of a 2 MB leaf) faults with P|RSVD before any rights check."
    : "With EFER.NXE = 0, bit 63 (XD) is reserved: a present entry with it set faults with P|RSVD.";
}

function whyItFaults(input: WalkInput, isUser: boolean, code: number): string {
  if ((code & PF_P) === 0) return "Some entry on the way has P = 0, so there is no translation.";
  if (code & PF_RSVD) return reservedHint(input);
  if (input.access === "exec" && !isUser && input.cr4 !== undefined && input.cr4 & CR4_SMEP && !(code & PF_U)) {
    return "With CR4.SMEP = 1 the kernel may not fetch from a user page (U/S = 1 at every level); otherwise XD = 1 at any level forbids a fetch.";
  }
  if (input.access === "exec")
    return "XD (bit 63) set at any of the four levels forbids instruction fetches when EFER.NXE = 1.";
  if (isUser) {
    return input.access === "write"
      ? "A user write needs U/S = 1 and R/W = 1 in all four entries (PML4E, PDPTE, PDE, PTE)."
      : "A user access needs U/S = 1 in all four entries: one supervisor entry on the way makes the page supervisor.";
  }
  if (input.cr4 !== undefined && input.cr4 & CR4_SMAP)
    return "With CR4.SMAP = 1 the kernel may touch a user page only with EFLAGS.AC = 1, and never by an implicit access.";
  return "With CR0.WP = 1 a kernel write honours R/W = 0 in any of the four entries.";
}

function whyItIsAllowed(input: WalkInput, isUser: boolean): string[] {
  if (!isUser && input.access === "write" && input.cr0 !== undefined && (input.cr0 & CR0_WP) === 0)
    return ["With CR0.WP = 0 the kernel may write pages that are read-only."];
  if (input.access === "exec" && input.efer !== undefined && (input.efer & EFER_NXE) === 0)
    return ["With EFER.NXE = 0 there is no execute-disable: a fetch is allowed wherever a read is (bar SMEP)."];
  if (!isUser && input.ac && input.cr4 !== undefined && (input.cr4 & CR4_SMAP) !== 0)
    return ["EFLAGS.AC = 1 lets an explicit kernel access reach a user page under SMAP."];
  return [
    "Rights combine over all four levels: U/S and R/W must be 1 in every entry, XD must be 0 in every entry (with NXE).",
  ];
}
