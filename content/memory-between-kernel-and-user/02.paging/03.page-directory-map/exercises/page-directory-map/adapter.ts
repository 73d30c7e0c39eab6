import type { FixtureWire } from "../../../../../../contract/exercise";
import { inputChecks } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import { refuseWrites } from "../../../../../kit/walk-adapter";
import { PhysicalMemory } from "../../../../../../sim/learner-api";
import { readOnlyView } from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds physical memory, calls pdmap(mem, cr3, cr4) and hands
// the drawn map back as a string. Only sim/ and the kit's pure helpers are imported at run time.

/** What a case returns to the host: the map exactly as drawn. */
export interface MapAnswer {
  map: string;
}

/** Longer than any sane map (16 lines of 64 characters and newlines are 1040 characters). */
export const MAX_MAP_LENGTH = 4096;

type Pdmap = (mem: PhysicalMemory, cr3: number, cr4: number) => unknown;

interface PreparedMachine {
  mem: PhysicalMemory;
  cr3: number;
  cr4: number;
}

// page-directory-map's messages name a string as it is, without quotes.
const { describe, requireU32 } = inputChecks("page-directory-map adapter", { quoteStrings: false });

/** Rebuilds physical memory from the wire and reads CR3 and CR4 from the fixture's meta. */
function prepare(fixture: FixtureWire): PreparedMachine {
  return {
    mem: PhysicalMemory.fromWire({ frames: fixture.frames, bytes: fixture.bytes }),
    cr3: requireU32(fixture.meta.cr3, "fixture cr3"),
    cr4: requireU32(fixture.meta.cr4, "fixture cr4"),
  };
}

/**
 * Calls the learner's pdmap(mem, cr3, cr4) for one case (optional cr3 and cr4 overrides) on a memory that refuses
 * writes, and returns the map. Throws a learner-readable Error when the answer is not a string of sane length.
 */
function call(pdmap: Pdmap, prepared: PreparedMachine, input: Record<string, unknown>): MapAnswer {
  const cr3 = input.cr3 === undefined ? prepared.cr3 : requireU32(input.cr3, "input cr3");
  const cr4 = input.cr4 === undefined ? prepared.cr4 : requireU32(input.cr4, "input cr4");
  const mem = readOnlyView(prepared.mem, refuseWrites("pdmap", "drawing the map only reads the tables"));
  const returned = pdmap(mem, cr3, cr4);
  if (typeof returned !== "string") {
    const what =
      returned !== null && typeof returned === "object" && "then" in returned
        ? "a Promise (make pdmap a plain function)"
        : describe(returned);
    throw new Error(`pdmap returned ${what}; return one string of 16 lines of 64 characters, each ending in "\\n"`);
  }
  if (returned.length > MAX_MAP_LENGTH)
    throw new Error(
      `pdmap returned ${returned.length} characters; a map has 16 lines of 64 characters plus newlines (1040)`,
    );
  return { map: returned };
}

export const adapter = defineAdapter({ prepare, call });
