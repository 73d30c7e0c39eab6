import type { Trace } from "../../../../../../contract/grade-result";
import type { FixtureWire } from "../../../../../../contract/exercise";
import { CR4_PSE, decodeFlags, PAGING_FORMAT_BY_ID, PTE_PS, type PagingLevel } from "../../../../../../sim/index";
import type { WalkAnswer, WalkRead } from "./adapter";
import { formatResult } from "./spec-messages";
import { hex32, type WalkInput } from "./spec-input";

// Draws a walk from the reads it made, so the learner's walk and the reference's look alike in the visualiser:
// the first read is taken as the PDE, the second as the PTE, and each note says whether it is where it should be.
// The levels' names, tables and index bits are sim's (32-bit paging with PSE in its paging-format table).

const MAX_STEPS = 8;
const PSE_32 = PAGING_FORMAT_BY_ID["i386-pse"];
const [PD, PT] = PSE_32.levels;

/** The index `level` takes from `va`: VA bits hiBit:loBit. */
function indexAt(va: number, level: PagingLevel): number {
  return (va >>> level.loBit) & (2 ** (level.hiBit - level.loBit + 1) - 1);
}

export function traceFromAnswer(fixture: FixtureWire, input: WalkInput, answer: WalkAnswer): Trace {
  const cr3 = input.cr3 ?? numberOr(fixture.meta.cr3, 0);
  const cr4 = input.cr4 ?? numberOr(fixture.meta.cr4, 0);
  const pdeAddress = ((cr3 & 0xfffff000) >>> 0) + indexAt(input.va, PD) * PSE_32.entryBytes;
  const steps: Trace["steps"] = [];
  let pde: number | null = null;
  answer.reads.slice(0, MAX_STEPS).forEach((read, i) => {
    const value = readValue(read);
    if (i === 0) {
      pde = value;
      const kind = (cr4 & CR4_PSE) !== 0 && (value & PTE_PS) !== 0 ? "large" : "table";
      steps.push(
        step(
          PD.entry,
          read,
          value,
          kind,
          placeNote(read.pa, pdeAddress, `entry ${indexAt(input.va, PD)} of the ${PD.table}`),
        ),
      );
    } else if (i === 1 && pde !== null) {
      const pteAddress = ((pde & 0xfffff000) >>> 0) + indexAt(input.va, PT) * PSE_32.entryBytes;
      steps.push(
        step(
          PT.entry,
          read,
          value,
          "page",
          placeNote(read.pa, pteAddress, `entry ${indexAt(input.va, PT)} of the ${PT.table}`),
        ),
      );
    } else {
      steps.push({
        level: "read",
        entryAddress: hex32(read.pa),
        entryValue: read.value,
        flags: [],
        note: `an extra ${read.size}-byte read`,
      });
    }
  });
  return { steps, outcome: formatResult(answer.result) };
}

function step(
  level: string,
  read: WalkRead,
  value: number,
  kind: "table" | "page" | "large",
  note: string,
): Trace["steps"][number] {
  return { level, entryAddress: hex32(read.pa), entryValue: hex32(value), flags: decodeFlags(value, 0, kind), note };
}

function placeNote(actual: number, expected: number, what: string): string {
  return actual === expected ? what : `read at ${hex32(actual)}, but ${what} is at ${hex32(expected)}`;
}

/** The low 32 bits of what was read (a 64-bit read in a 32-bit walk is itself a mistake the note shows). */
function readValue(read: WalkRead): number {
  try {
    return Number(BigInt(read.value) & 0xffffffffn);
  } catch {
    return 0;
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}
