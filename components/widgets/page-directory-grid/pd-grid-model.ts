import { z } from "zod";
import { buildI386Process, CR4_PSE, decodeFlags, hex, pdmap, PTE_P, PTE_PS, type I386Region } from "../../../sim/index";
import { flagProp, megabytesProp, parseWidgetProps, textProp, type WidgetProps } from "../widget-props";

// The page-directory grid's view model: sim's pdmap of a seeded i386 process (COURSE.md's 16 x 64 map), with what
// each cell stands for: its PDE, the 4 MB of virtual addresses it covers, and why it got its character.

const MB4 = 4 * 1024 * 1024;

/** COURSE.md's legend, exactly, in the order it lists it. */
export const LEGEND = [
  { char: ".", meaning: "entry not present, or a page table with no present entry" },
  { char: "X", meaning: "4 MB page, supervisor" },
  { char: "R", meaning: "4 MB page, user, read-only" },
  { char: "*", meaning: "4 MB page, user, read/write" },
  { char: "x", meaning: "page table whose first present entry is a supervisor page" },
  { char: "r", meaning: "page table whose first present entry is a user read-only page" },
  { char: "+", meaning: "page table whose first present entry is a user read/write page" },
] as const;
export type MapChar = (typeof LEGEND)[number]["char"];

const SPLITS = {
  "3G/1G": 0xc0000000,
  "3G_OPT": 0xb0000000,
  "2G/2G": 0x80000000,
  "2G_OPT": 0x78000000,
  "1G/3G": 0x40000000,
} as const;

/** MDX attributes: `<PageDirectoryGrid seed="lesson-2" split="3G/1G" ram="1024" pse="true" />`. */
export const gridPropsSchema = z
  .object({
    seed: textProp.pipe(z.string().min(1).max(64)).default("page-directory-grid"),
    split: z.enum(["3G/1G", "3G_OPT", "2G/2G", "2G_OPT", "1G/3G"]).default("3G/1G"),
    ram: megabytesProp(32, 4096).default(1024),
    pse: flagProp.default(true),
  })
  .strict();
export type GridConfig = z.infer<typeof gridPropsSchema>;

/** MDX props to a grid configuration, or one message naming every bad attribute. */
export function parseGridProps(props: unknown): WidgetProps<GridConfig> {
  return parseWidgetProps(gridPropsSchema, props);
}

export interface GridCell {
  /** PDE index, 0..1023: row index >> 6, column index & 63. */
  index: number;
  char: MapChar;
  vaStart: number;
  /** Last byte covered (inclusive). */
  vaLast: number;
  pde: number;
  pdeAddress: number;
  flags: string[];
  /** The first present PTE of a page table (what decides the character), and how many are present. */
  firstPte: { index: number; value: number } | null;
  presentPtes: number;
  /** The process's regions that overlap these 4 MB. */
  regions: string[];
}

export interface GridView {
  cells: GridCell[];
  /** pdmap's 16 lines, without their newlines. */
  lines: string[];
  cr3: number;
  pageOffset: number;
}

function isMapChar(c: string): c is MapChar {
  return LEGEND.some((l) => l.char === c);
}

/** Builds the process of `config` and reads its page directory: every cell's character comes from sim's pdmap. */
export function buildGrid(config: GridConfig): GridView {
  const pageOffset = SPLITS[config.split];
  const process = buildI386Process(config.seed, { pageOffset, ramMb: config.ram, pse: config.pse });
  const { mem, cr3 } = process;
  const cr4 = process.cpu.cr4;
  const lines = pdmap(mem, cr3, cr4).split("\n").slice(0, 16);
  const chars = lines.join("");
  const pse = (cr4 & CR4_PSE) !== 0;
  const cells: GridCell[] = [];
  for (let index = 0; index < 1024; index++) {
    const char = chars[index] ?? ".";
    if (!isMapChar(char)) throw new Error(`pdmap drew an unknown character ${JSON.stringify(char)}`);
    const pdeAddress = ((cr3 & 0xfffff000) >>> 0) + index * 4;
    const pde = mem.read32(pdeAddress);
    const isLarge = pse && (pde & PTE_PS) !== 0;
    const present = (pde & PTE_P) !== 0;
    let firstPte: GridCell["firstPte"] = null;
    let presentPtes = 0;
    if (present && !isLarge) {
      // The table's live words (sim's frame view): a read32 per entry would make a no-PSE map ~10x slower.
      const table = mem.words(pde >>> 12) ?? new Uint32Array(1024);
      for (let j = 0; j < 1024; j++) {
        const pte = table[j] ?? 0;
        if ((pte & PTE_P) === 0) continue;
        presentPtes++;
        if (firstPte === null) firstPte = { index: j, value: pte >>> 0 };
      }
    }
    const vaStart = index * MB4;
    const vaLast = vaStart + MB4 - 1;
    cells.push({
      index,
      char,
      vaStart,
      vaLast,
      pde,
      pdeAddress,
      flags: present ? decodeFlags(pde, 0, isLarge ? "large" : "table") : [],
      firstPte,
      presentPtes,
      regions: overlapping(process.regions, vaStart, vaLast),
    });
  }
  return { cells, lines, cr3, pageOffset };
}

function overlapping(regions: I386Region[], first: number, last: number): string[] {
  return regions.filter((r) => r.start <= last && r.end > first).map((r) => r.name);
}

/** 0x-prefixed, 8 hex digits: how the grid writes virtual addresses and entries. */
export function hex8(value: number): string {
  return "0x" + (value >>> 0).toString(16).padStart(8, "0");
}

/** The sentences a cell's details say: where it is, what its PDE holds, and why it has its character. */
export function describeCell(cell: GridCell): string[] {
  const row = cell.index >> 6;
  const column = cell.index & 63;
  const out = [
    `PDE ${cell.index} (row ${row}, column ${column}) covers ${hex8(cell.vaStart)} to ${hex8(cell.vaLast)}.`,
  ];
  const pdeText = `The PDE at ${hex(cell.pdeAddress)} is ${hex8(cell.pde)}`;
  if ((cell.pde & PTE_P) === 0) {
    out.push(`${pdeText}: not present${cell.pde !== 0 ? " (the other bits are ignored)" : ""}.`);
  } else if (cell.firstPte === null && cell.char !== ".") {
    out.push(`${pdeText} [${cell.flags.join(" ")}]: a 4 MB page at ${hex8(cell.pde & 0xffc00000)}.`);
  } else if (cell.firstPte === null) {
    out.push(
      `${pdeText} [${cell.flags.join(" ")}]: a page table at ${hex8(cell.pde & 0xfffff000)} with no present entry.`,
    );
  } else {
    out.push(
      `${pdeText} [${cell.flags.join(" ")}]: a page table at ${hex8(cell.pde & 0xfffff000)}; ${cell.presentPtes} of 1024 PTEs present, the first is entry ${cell.firstPte.index} = ${hex8(cell.firstPte.value)} [${decodeFlags(cell.firstPte.value, 0, "page").join(" ")}].`,
    );
  }
  const legend = LEGEND.find((l) => l.char === cell.char);
  out.push(
    `"${cell.char}": ${legend?.meaning ?? ""}${cell.char === "r" || cell.char === "+" ? " (user and writable are the AND of the PDE's and the PTE's bits)" : ""}.`,
  );
  if (cell.regions.length > 0) out.push(`Holds: ${cell.regions.join(", ")}.`);
  return out;
}
