import {
  PAGING_FORMATS,
  pse4mReservedMask,
  reservedMask,
  type Entry64Kind,
  type EntryLayout,
  type TraceView,
} from "../../../sim/index";

// Names every bit of a paging-structure entry for the walk widgets (facts §1.3): which bits are flags, which hold
// the next table's or the frame's address, which are reserved (a set one is a #PF with RSVD) and which are ignored.

/** The entry format of a walk: 32-bit paging (4-byte entries), PAE or 4/5-level (8-byte entries); sim's EntryLayout. */
export type EntryFormat = EntryLayout;

/** What a bit is for, which decides how it is drawn. */
export type BitRole = "flag" | "address" | "reserved" | "ignored" | "avl" | "pk" | "nx";

export interface BitCell {
  bit: number;
  isSet: boolean;
  /** Short name shown under the bit ("P", "R/W", "PA", "rsvd"). */
  name: string;
  role: BitRole;
  /** One sentence for the tooltip and screen readers. */
  meaning: string;
}

/** How the walk treats the entry: it points to a table, or it maps a 4 KB page, or a large page (PS = 1). */
export type EntryUse = "table" | "page" | "large";

export interface EntryContext {
  format: EntryFormat;
  /** "PDE", "PTE", "PDPTE", "PML4E", "PML5E". */
  level: string;
  use: EntryUse;
  /** MAXPHYADDR; defaults are sim's: 40 in 32-bit paging (PSE-40), 52 otherwise. */
  maxPhyAddr?: number;
  /** EFER.NXE: without it bit 63 is reserved (PAE and 4-level). Default true. */
  nxe?: boolean;
}

const FLAG_MEANINGS: Record<number, [string, string]> = {
  0: ["P", "present: 0 stops the walk, and the CPU ignores every other bit"],
  1: ["R/W", "writable (ANDed across levels)"],
  2: ["U/S", "user-accessible (ANDed across levels)"],
  3: ["PWT", "write-through caching"],
  4: ["PCD", "cache disable"],
  5: ["A", "accessed: set by the CPU in every entry it uses"],
};

/** The Entry64Kind sim's reserved-bit tables use for an entry of a 64-bit format. */
function entry64Kind(format: EntryFormat, level: string, use: EntryUse): Entry64Kind {
  if (format === "pae" && level === "PDPTE") return "pdpte-pae";
  if (level === "PML5E") return "pml5e";
  if (level === "PML4E") return "pml4e";
  if (level === "PDPTE") return use === "large" ? "pdpte-1g" : "pdpte";
  if (level === "PDE") return use === "large" ? "pde-2m" : "pde";
  return "pte";
}

/** The reserved bits of an entry as a 64-bit mask, from sim's own tables so widget and walker never disagree. */
export function reservedBitsOf(context: EntryContext): bigint {
  if (context.format === "32") {
    return context.use === "large" ? BigInt(pse4mReservedMask(context.maxPhyAddr ?? 40)) : 0n;
  }
  const mask = reservedMask(
    entry64Kind(context.format, context.level, context.use),
    context.format === "pae",
    context.maxPhyAddr ?? 52,
    context.nxe ?? true,
  );
  return (BigInt(mask.hi >>> 0) << 32n) | BigInt(mask.lo >>> 0);
}

/** Every bit of `value`, bit 0 first, named for its entry kind (a 4 MB PDE's bits 20:13 are PA bits 39:32). */
export function describeEntryBits(value: bigint, context: EntryContext): BitCell[] {
  const width = context.format === "32" ? 32 : 64;
  const reserved = reservedBitsOf(context);
  const cells: BitCell[] = [];
  for (let bit = 0; bit < width; bit++) {
    const isSet = ((value >> BigInt(bit)) & 1n) === 1n;
    const [name, role, meaning] = nameBit(bit, context, ((reserved >> BigInt(bit)) & 1n) === 1n);
    cells.push({ bit, isSet, name, role, meaning });
  }
  return cells;
}

function nameBit(bit: number, c: EntryContext, isReserved: boolean): [string, BitRole, string] {
  const isPaePdpte = c.format === "pae" && c.level === "PDPTE";
  const leaf = c.use !== "table";
  if (isReserved) {
    const name = bit === 7 ? "PS" : bit === 63 ? "NX" : "rsvd";
    return [
      name,
      "reserved",
      `reserved in this entry: if set, the walk stops with #PF (P = 1, RSVD = 1)${isPaePdpte ? ", or #GP(0) when CR3 is loaded" : ""}`,
    ];
  }
  const flag = FLAG_MEANINGS[bit];
  if (flag) return [flag[0], "flag", flag[1]];
  if (bit === 6)
    return leaf
      ? ["D", "flag", "dirty: set by the CPU in the leaf on a write"]
      : ["ign", "ignored", "ignored in an entry that points to a table"];
  if (bit === 7) {
    if (c.level === "PTE") return ["PAT", "flag", "PAT memory-type bit of a 4 KB page"];
    return [
      "PS",
      "flag",
      leaf
        ? "page size: this entry maps a large page itself"
        : "page size: here the entry points to a table (PS = 0, or CR4.PSE = 0 in 32-bit paging)",
    ];
  }
  if (bit === 8)
    return leaf
      ? ["G", "flag", "global: the translation survives a CR3 switch (with CR4.PGE)"]
      : ["ign", "ignored", "ignored in an entry that points to a table"];
  if (bit >= 9 && bit <= 11) return ["AVL", "avl", "available to the OS: Linux keeps software flags here"];
  if (bit === 12 && c.use === "large") return ["PAT", "flag", "PAT memory-type bit of a large page"];
  if (c.format === "32") {
    if (c.use === "large" && bit >= 13 && bit <= 20)
      return [`PA${bit + 19}`, "address", `physical address bit ${bit + 19} (PSE-36)`];
    return ["PA", "address", `physical address bit ${bit} of the ${leaf ? "page" : "page table"}`];
  }
  if (bit === 63) return ["NX", "nx", "execute-disable (XD, Linux's _PAGE_NX): ORed across levels, with EFER.NXE"];
  const m = c.maxPhyAddr ?? 52;
  if (bit < m) return ["PA", "address", `physical address bit ${bit} of the ${leaf ? "page" : "next table"}`];
  if (c.format === "long" && leaf && bit >= 59 && bit <= 62)
    return ["PK", "pk", `protection-key bit ${bit - 59} (with CR4.PKE)`];
  return ["ign", "ignored", "ignored by the MMU (software bits)"];
}

/** Every entry name of sim's paging formats: "PML5E", "PML4E", "PDPTE", "PDE", "PTE". */
const ENTRY_LEVELS: ReadonlySet<string> = new Set(PAGING_FORMATS.flatMap((f) => f.levels.map((l) => l.entry)));

/**
 * The entry format a trace was made in, from its level names: that of the first paging format (in sim's table
 * order) whose levels include every entry the trace read, so PML4E/PML5E is 4/5-level and a PDPTE alone is PAE.
 */
export function formatOfTrace(trace: Pick<TraceView, "steps">): EntryFormat {
  const levels = trace.steps.map((s) => s.level).filter((level) => ENTRY_LEVELS.has(level));
  const format = PAGING_FORMATS.find((f) => levels.every((level) => f.levels.some((l) => l.entry === level)));
  return format?.entryLayout ?? "32";
}

/** "4 MB", "2 MB", "1 GB": the page a large entry at `level` maps in `format` (the first such row of sim's table). */
export function largePageSizeName(format: EntryFormat, level: string): string {
  for (const f of PAGING_FORMATS) {
    if (f.entryLayout !== format) continue;
    const size = f.levels.find((l) => l.entry === level)?.pageSize;
    if (size !== null && size !== undefined && size > 4096)
      return size >= 1 << 30 ? `${size / 2 ** 30} GB` : `${size / 2 ** 20} MB`;
  }
  return "large";
}

/**
 * How the walk used step `index` of a trace: a PTE maps a 4 KB page; a present PDE/PDPTE with PS = 1 that ends the
 * walk maps a large page (PS where it is reserved is still drawn as reserved); everything else pointed to a table.
 * Returns null for a step that is not a paging-structure entry (an exercise's extra read).
 */
export function entryUseAt(trace: Pick<TraceView, "steps">, index: number, format: EntryFormat): EntryUse | null {
  const step = trace.steps[index];
  if (!step || !ENTRY_LEVELS.has(step.level)) return null;
  if (step.level === "PTE") return "page";
  const value = parseEntryValue(step.entryValue);
  const isLast = !trace.steps.slice(index + 1).some((s) => ENTRY_LEVELS.has(s.level));
  const canBeLarge = largePageSizeName(format, step.level) !== "large";
  if (value !== null && canBeLarge && isLast && (value & 0x81n) === 0x81n) return "large";
  return "table";
}

/** A trace's 0x-hex entry value as a bigint, or null when it is not one (the visualiser then shows the text). */
export function parseEntryValue(text: string): bigint | null {
  if (!/^0x[0-9a-f]{1,16}$/i.test(text)) return null;
  return BigInt(text);
}

/**
 * The physical address an entry holds: the next table, or the frame of the page it maps (a 4 MB PDE adds PA bits
 * 39:32 from its bits 20:13, facts §1.3). Only bits named "PA" count, so reserved and ignored bits never leak in.
 */
export function entryTarget(value: bigint, context: EntryContext): bigint {
  if (context.format === "32" && context.use === "large")
    return (((value >> 13n) & 0xffn) << 32n) | (value & 0xffc00000n);
  let target = 0n;
  for (const cell of describeEntryBits(value, context)) {
    if (cell.isSet && cell.role === "address") target |= 1n << BigInt(cell.bit);
  }
  return target;
}
