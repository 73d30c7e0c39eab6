import { PAGING_FORMAT_BY_ID } from "../../../../../../sim/index";

// How a wrong map is explained: the shape first (16 lines of 64 characters, each ending in "\n"), then the first
// wrong cell by row and column, its PDE index and the 4 MB of virtual addresses it covers, in the legend's words.
// One cell per PDE: the page directory's size and a PDE's reach are sim's (its paging-format table).

/** COURSE.md's legend, exactly. */
export const LEGEND: Readonly<Record<string, string>> = {
  ".": "not present, or a page table with no present entry",
  X: "a 4 MB page, supervisor",
  R: "a 4 MB page, user, read-only",
  "*": "a 4 MB page, user, read/write",
  x: "a page table whose first present entry is a supervisor page",
  r: "a page table whose first present entry is a user read-only page",
  "+": "a page table whose first present entry is a user read/write page",
};

const PDE = PAGING_FORMAT_BY_ID["i386-pse"].levels[0];
/** Bytes of virtual address space one PDE covers (4 MB). */
const PDE_REACH = 2 ** PDE.loBit;
const COLUMNS = 64;
/** 1024 PDEs in 64 columns. */
const ROWS = 2 ** (PDE.hiBit - PDE.loBit + 1) / COLUMNS;

/** What is wrong with the shape of `map`, or null when it is 16 lines of 64 characters each ending in "\n". */
export function shapeProblem(map: string): string | null {
  if (!map.endsWith("\n")) return 'Your map does not end in "\\n": every line, the last one too, ends in a newline.';
  const lines = map.slice(0, -1).split("\n");
  if (lines.length !== ROWS)
    return `Your map has ${lines.length} lines; it needs ${ROWS}, one per ${(COLUMNS * PDE_REACH) / 2 ** 20} MB of address space (${COLUMNS} ${PDE.entry}s each).`;
  const bad = lines.findIndex((line) => line.length !== COLUMNS);
  if (bad >= 0)
    return `Line ${bad} of your map has ${lines[bad]?.length ?? 0} characters; every line has ${COLUMNS}, one per ${PDE.entry}.`;
  const stray = [...map].find((ch) => ch !== "\n" && LEGEND[ch] === undefined);
  if (stray !== undefined)
    return `Your map contains ${JSON.stringify(stray)}, which is not in the legend (. X R * x r +).`;
  return null;
}

/** The learner-facing message for a wrong map: the shape problem, or the first wrong cell and how many differ. */
export function explainMismatch(expected: string, actual: string, pse: boolean): string {
  const shape = shapeProblem(actual);
  if (shape !== null) return shape;
  let first = -1;
  let wrong = 0;
  const cells = (map: string) => map.replace(/\n/g, "");
  const want = cells(expected);
  const got = cells(actual);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === got[i]) continue;
    wrong++;
    if (first < 0) first = i;
  }
  const e = want[first] ?? "?";
  const a = got[first] ?? "?";
  const va = "0x" + (first * PDE_REACH).toString(16).padStart(8, "0");
  const head =
    `Row ${Math.floor(first / COLUMNS)}, column ${first % COLUMNS} (${PDE.entry} ${first}, VA ${va}): you drew ${JSON.stringify(a)} (${LEGEND[a] ?? "?"}), ` +
    `expected ${JSON.stringify(e)} (${LEGEND[e] ?? "?"}).${wrong > 1 ? ` ${wrong} cells differ in all.` : ""}`;
  const hint = hintFor(e, a, pse);
  return hint === null ? head : `${head} Hint: ${hint}`;
}

const LARGE = new Set(["X", "R", "*"]);
const TABLE = new Set(["x", "r", "+"]);

function hintFor(expected: string, actual: string, pse: boolean): string | null {
  if (LARGE.has(actual) && TABLE.has(expected)) {
    return pse
      ? "PS (bit 7) is 0 in this PDE: it points to a page table."
      : "CR4.PSE = 0 here: PS = 1 does not make a 4 MB page, the PDE points to a page table.";
  }
  if (LARGE.has(expected) && !LARGE.has(actual))
    return "PS = 1 with CR4.PSE = 1: this PDE maps a 4 MB page itself; there is no page table to read.";
  if (expected === "." && actual !== ".") {
    return 'A PDE with P = 0 is not present whatever its other bits say, and a page table with no present PTE is drawn as "." too.';
  }
  if (actual === "." && TABLE.has(expected))
    return "Look through the whole page table: the character is decided by its first PTE with P = 1, wherever it is.";
  if (expected === "x" || expected === "r" || expected === "X" || expected === "R") {
    return "User and writable need the bit in both the PDE and the PTE: a 0 in either entry wins.";
  }
  return "Use the first present PTE of the table (the lowest index with P = 1), with U/S and R/W of the PDE ANDed in.";
}
