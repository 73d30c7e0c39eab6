import {
  hex,
  PAGING_FORMAT_BY_ID,
  PF_I,
  PF_P,
  PF_PK,
  PF_RSVD,
  PF_U,
  PF_W,
  toTraceView,
  type Access,
  type PagingFormat,
  type PagingFormatId,
  type TraceView,
  type WalkTrace,
} from "../../../sim/index";
import { describeEntryBits, entryUseAt, type BitCell, type EntryFormat, type EntryUse } from "./entry-bits";
import { protectionReason } from "./fault-reason";
import type { WalkMachine } from "./walk-types";

// The page-walk stepper's view model: sim's walker runs with a trace, and every step becomes one stage the learner
// steps through (CR3, each entry, then the address or the fault). Nothing here is computed twice: stages read the
// walker's own trace (facts §1.2 for the index bits, §1.5 for the error code).

/** One group of VA bits: an index into a table, the sign extension or the page offset. */
export interface VaField {
  label: string;
  hi: number;
  lo: number;
  value: bigint;
  /** Colour slot: 0 for the top level, 1 for the next ...; "offset" and "sign" have their own. */
  slot: number | "offset" | "sign";
}

export interface ErrorBit {
  bit: number;
  name: string;
  isSet: boolean;
  meaning: string;
}

export type Stage =
  | { kind: "cr3"; cr3: number; tableBase: number; tableName: string }
  | {
      kind: "entry";
      step: TraceView["steps"][number];
      level: string;
      index: number;
      tableBase: number;
      entrySize: 4 | 8;
      use: EntryUse;
      bits: BitCell[];
      field: VaField | null;
      slot: number;
    }
  | { kind: "page"; pa: number; pageSize: number; frameBase: number; offset: number; stop: string }
  | { kind: "pf"; errorCode: number; cr2: bigint; bits: ErrorBit[]; stop: string; reason: string }
  | { kind: "gp"; stop: string };

export interface WalkView {
  va: bigint;
  format: EntryFormat;
  fields: VaField[];
  stages: Stage[];
  trace: TraceView;
}

/** A format given by its row or its id (a paging mode is one). */
export type FormatRef = PagingFormat | PagingFormatId;

/** The paging-format row of `ref`. */
export function formatOf(ref: FormatRef): PagingFormat {
  return typeof ref === "string" ? PAGING_FORMAT_BY_ID[ref] : ref;
}

/** The table an entry named `entry` (a trace's level) lies in, as the SDM names it: "page directory" for "PDE". */
export function tableOf(format: PagingFormat, entry: string): string {
  return format.levels.find((level) => level.entry === entry)?.table ?? entry;
}

/**
 * The VA's bit groups in the format (facts §1.2), from its levels: the sign extension above vaBits, one index per
 * level, the page offset; a large page (`leafLevel`) turns the lower indices into offset.
 */
export function vaFields(ref: FormatRef, va: bigint, leafLevel: string | null): VaField[] {
  const format = formatOf(ref);
  const field = (label: string, hi: number, lo: number, slot: VaField["slot"]): VaField => ({
    label,
    hi,
    lo,
    value: (va >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n),
    slot,
  });
  const out: VaField[] =
    format.linearBits > format.vaBits ? [field("sign extension", format.linearBits - 1, format.vaBits, "sign")] : [];
  let offsetBits = format.vaBits;
  for (const [i, level] of format.levels.entries()) {
    out.push(field(`${level.entry} index`, level.hiBit, level.loBit, i));
    offsetBits = level.loBit;
    if (level.entry === leafLevel) break;
  }
  return [...out, field("offset", offsetBits - 1, 0, "offset")];
}

const ERROR_BITS: [number, string, string, string][] = [
  [PF_P, "P", "every entry was present: the access broke the rights or hit a reserved bit", "an entry had P = 0"],
  [PF_W, "W/R", "the access was a write", "the access was a read or a fetch"],
  [PF_U, "U/S", "a user-mode (CPL 3) access", "a supervisor-mode access"],
  [PF_RSVD, "RSVD", "a reserved bit was set in an entry", "no reserved bit was set"],
  [
    PF_I,
    "I/D",
    "an instruction fetch (reported with SMEP, or PAE/4-level with NXE)",
    "not a fetch, or fetches are not reported",
  ],
  [PF_PK, "PK", "a protection key blocked the access", "no protection key was involved"],
];

/** The #PF error code bit by bit (facts §1.5): W/R, U/S and I/D describe the access, not the page. */
export function decodeErrorCode(errorCode: number): ErrorBit[] {
  return ERROR_BITS.map(([mask, name, set, clear]) => {
    const isSet = (errorCode & mask) !== 0;
    return { bit: Math.log2(mask), name, isSet, meaning: isSet ? set : clear };
  });
}

/** The stages of walking `va` on `machine` with `access` from user (CPL 3) or supervisor mode. */
export function buildWalkView(machine: WalkMachine, va: bigint, access: Access, user: boolean): WalkView {
  // sim's walker of the machine's paging format, with a trace.
  const result = machine.format.walk({ ...machine.cpu, user }, machine.mem, va, access, {
    trace: true,
    maxPhyAddr: machine.maxPhyAddr,
  });
  const trace: WalkTrace = result.trace ?? { steps: [], stop: "" };
  const view = toTraceView(trace);
  const format: EntryFormat = machine.format.entryLayout;
  const entrySize = machine.format.entryBytes === 4 ? 4 : 8;
  const lastStep = trace.steps.at(-1);
  const leafLevel = result.ok && lastStep ? lastStep.level : null;
  const fields = vaFields(machine.format, va, leafLevel);
  const cr3 = machine.cpu.cr3;
  const top = machine.format.levels[0];
  // The table's address is CR3's bits cr3Bits[0]:cr3Bits[1] (facts §1.1: the PAE PDPT is 32-byte aligned).
  const cr3Mask = ~((1 << machine.format.cr3Bits[1]) - 1);
  const stages: Stage[] = [
    { kind: "cr3", cr3, tableBase: (cr3 & cr3Mask) >>> 0, tableName: top?.table ?? "top table" },
  ];

  trace.steps.forEach((step, i) => {
    const shown = view.steps[i];
    if (!shown) return;
    const use = entryUseAt(view, i, format) ?? "table";
    const slotIndex = fields.findIndex((f) => f.label === `${step.level} index`);
    const field = fields[slotIndex] ?? null;
    stages.push({
      kind: "entry",
      step: shown,
      level: step.level,
      index: step.index,
      tableBase: step.entryAddress - step.index * entrySize,
      entrySize,
      use,
      bits: describeEntryBits(BigInt(step.entryValue), {
        format,
        level: step.level,
        use,
        maxPhyAddr: machine.maxPhyAddr,
        nxe: machine.nxe,
      }),
      field,
      slot: typeof field?.slot === "number" ? field.slot : i,
    });
  });

  if (result.ok) {
    const offset = Number(va & BigInt(result.pageSize - 1));
    stages.push({
      kind: "page",
      pa: result.pa,
      pageSize: result.pageSize,
      frameBase: result.pa - offset,
      offset,
      stop: trace.stop,
    });
  } else if (result.fault === "PF") {
    stages.push({
      kind: "pf",
      errorCode: result.errorCode,
      cr2: result.cr2,
      bits: decodeErrorCode(result.errorCode),
      stop: trace.stop,
      reason: faultReason(machine, trace, result.errorCode, access, user),
    });
  } else {
    stages.push({ kind: "gp", stop: trace.stop });
  }
  return { va, format, fields, stages, trace: view };
}

/** Why the walk stopped, in words: the entry with P = 0, the reserved bit, or the rule a protection fault broke. */
function faultReason(machine: WalkMachine, trace: WalkTrace, errorCode: number, access: Access, user: boolean): string {
  const level = trace.steps.at(-1)?.level ?? "entry";
  const simWords = trace.stop.replace(/^#PF 0x[0-9a-f]+: /, "");
  if ((errorCode & PF_P) === 0) return `P is 0 in the ${level}, so the CPU reads no further: nothing is mapped here.`;
  if ((errorCode & PF_RSVD) !== 0) return `${simWords}: a reserved bit must be 0 in a present entry.`;
  if ((errorCode & PF_PK) !== 0) return `${simWords}: PKRU forbids this access for the page's protection key.`;
  return protectionReason(machine, trace.steps, access, user) ?? `${simWords}.`;
}

/** Parses a typed VA: hex with or without 0x (underscores and spaces allowed), within the format's address width. */
export function parseVa(text: string, ref: FormatRef): { ok: true; va: bigint } | { ok: false; message: string } {
  const bits = formatOf(ref).linearBits;
  const digits = text.trim().replace(/[_\s]/g, "").replace(/^0x/i, "");
  const width = Math.ceil(bits / 4);
  if (!/^[0-9a-f]+$/i.test(digits)) return { ok: false, message: "Type a hexadecimal address, such as 0x08048a3c." };
  const va = BigInt("0x" + digits);
  if (va >> BigInt(bits) !== 0n) {
    return { ok: false, message: `A ${bits}-bit address has at most ${width} hex digits.` };
  }
  return { ok: true, va };
}

/** A VA as the widget writes it: 0x and as many hex digits as the format's addresses have (8, or 16 for x86-64). */
export function formatVa(va: bigint, ref: FormatRef): string {
  return "0x" + va.toString(16).padStart(Math.ceil(formatOf(ref).linearBits / 4), "0");
}

/** A physical address or table base in the trace's own style (sim's `hex`: 0x, lowercase, no padding). */
export function formatPa(value: number | bigint): string {
  return hex(value);
}
