import type { Trace } from "../../../../../../contract/grade-result";
import type { FixtureWire } from "../../../../../../contract/exercise";
import { decodeFlags, PAGING_FORMAT_BY_ID, PTE_PS } from "../../../../../../sim/index";
import type { WalkAnswer, WalkRead } from "./adapter";
import { formatResult } from "./spec-messages";
import type { WalkInput } from "./spec-input";

// Draws a walk from the reads it made, so the learner's walk and the reference's look alike in the visualiser:
// an 8-byte read (or two 4-byte reads of one entry's halves) is one entry; the first is taken as the PML4E, the
// next as the PDPTE, PDE and PTE, and each note says whether it is where it should be. The levels' names and index
// bits are sim's (4-level paging in its paging-format table).

const MAX_STEPS = 8;
const LEVELS = PAGING_FORMAT_BY_ID["4-level"].levels;
/** How the notes name a table: the SDM's short names for the upper two, as the lesson does, else the full name. */
const NOTE_TABLE: Readonly<Record<string, string>> = { PML4E: "PML4", PDPTE: "PDPT" };
const ADDRESS = 0x000ffffffffff000n;

interface Entry {
  pa: number;
  value: bigint;
  size: number;
}

export function traceFromAnswer(fixture: FixtureWire, input: WalkInput, answer: WalkAnswer): Trace {
  const cr3 = typeof fixture.meta.cr3 === "number" ? fixture.meta.cr3 : 0;
  const va = BigInt(input.va);
  const steps: Trace["steps"] = [];
  let table: bigint | null = BigInt(cr3) & ADDRESS;
  for (const [i, entry] of mergeHalves(answer.reads).slice(0, MAX_STEPS).entries()) {
    const level = LEVELS[i];
    if (level === undefined || table === null || entry.size !== 8) {
      steps.push({
        level: "read",
        entryAddress: hex(entry.pa),
        entryValue: "0x" + entry.value.toString(16),
        flags: [],
        note: `an extra ${entry.size}-byte read`,
      });
      table = null;
      continue;
    }
    const index = Number((va >> BigInt(level.loBit)) & ((1n << BigInt(level.hiBit - level.loBit + 1)) - 1n));
    const expectedAt = Number(table + BigInt(index * 8));
    const lo = Number(entry.value & 0xffffffffn);
    const hi = Number(entry.value >> 32n);
    const kind = i === LEVELS.length - 1 ? "page" : (lo & PTE_PS) !== 0 && level.pageSize !== null ? "large" : "table";
    const what = `entry ${index} of the ${NOTE_TABLE[level.entry] ?? level.table}`;
    steps.push({
      level: level.entry,
      entryAddress: hex(entry.pa),
      entryValue: "0x" + entry.value.toString(16),
      flags: decodeFlags(lo, hi, kind),
      note: entry.pa === expectedAt ? what : `read at ${hex(entry.pa)}, but ${what} is at ${hex(expectedAt)}`,
    });
    table = entry.value & ADDRESS;
  }
  return { steps, outcome: formatResult(answer.result) };
}

/** Joins a 4-byte read at x followed by one at x + 4 into one 8-byte entry; other reads stay as they are. */
function mergeHalves(reads: WalkRead[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < reads.length; i++) {
    const read = reads[i];
    if (read === undefined) continue;
    const next = reads[i + 1];
    const value = parse(read.value);
    if (read.size === 4 && next !== undefined && next.size === 4 && next.pa === read.pa + 4) {
      out.push({ pa: read.pa, value: value | (parse(next.value) << 32n), size: 8 });
      i++;
    } else {
      out.push({ pa: read.pa, value, size: read.size });
    }
  }
  return out;
}

function parse(value: string): bigint {
  try {
    return BigInt(value);
  } catch {
    return 0n;
  }
}

function hex(pa: number): string {
  return "0x" + pa.toString(16).padStart(8, "0");
}
