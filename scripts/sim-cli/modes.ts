import { matchesRegisters, PAGING_FORMATS, pagingMode, type PagingFormat } from "../../sim/index";

// `--mode NAME`: the names come from the paging-format table's `cli` column (COURSE.md's contract is
// `--mode i386|pae|x86_64`). Several rows may share a name; the registers pick among them, e.g. x86_64 is 4-level
// or 5-level paging by CR4.LA57, and i386 is 32-bit paging with or without PSE by CR4.PSE.

/** The `--mode` names of `formats`, each once, in table order. */
export function cliModeNames(formats: readonly PagingFormat[] = PAGING_FORMATS): string[] {
  const names: string[] = [];
  for (const format of formats) if (format.cli !== null && !names.includes(format.cli.name)) names.push(format.cli.name);
  return names;
}

/** The row `--mode name` stands for when the registers are the CLI's defaults (its `isDefault` row), or undefined. */
export function cliDefaultFormat(name: string, formats: readonly PagingFormat[] = PAGING_FORMATS): PagingFormat | undefined {
  const rows = formats.filter((f) => f.cli?.name === name);
  return rows.find((f) => f.cli?.isDefault === true) ?? rows[0];
}

/**
 * The row `--mode name` walks with these registers: null with paging off (CR0.PG = 0), else the row of that name the
 * registers select, or the default row of the name when they select none of its rows (then its walker still reads
 * the registers it needs, as the CPU would).
 */
export function cliFormat(name: string, cr0: number, cr4: number, efer: number, formats: readonly PagingFormat[] = PAGING_FORMATS): PagingFormat | null {
  if (pagingMode(cr0, cr4, efer) === "none") return null;
  const rows = formats.filter((f) => f.cli?.name === name);
  return rows.find((f) => matchesRegisters(f, cr0, cr4, efer)) ?? cliDefaultFormat(name, formats) ?? null;
}

/** "a", "a or b", "a, b or c". */
export function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1) ?? ""}`;
}
