// Naming the flag bits of an entry for traces and widgets.

const LOW_NAMES = ["P", "RW", "US", "PWT", "PCD", "A", "D"] as const;

/** What an entry is, which decides what bit 7 and bit 12 mean. */
export type EntryKind = "table" | "page" | "large";

/**
 * Flag names of an entry, low bit first: P RW US PWT PCD A D, then PS (or PAT in a 4 KB PTE), G, PAT (large
 * pages, bit 12) and NX (bit 63, from the high half of a 64-bit entry).
 */
export function decodeFlags(low: number, high: number, kind: EntryKind): string[] {
  const names: string[] = [];
  LOW_NAMES.forEach((name, bit) => {
    if ((low >>> bit) & 1) names.push(name);
  });
  if (low & 0x80) names.push(kind === "page" ? "PAT" : "PS");
  if (low & 0x100) names.push("G");
  if (kind === "large" && low & 0x1000) names.push("PAT");
  if (high & 0x80000000) names.push("NX");
  return names;
}
