import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";
import { PhysicalMemory } from "../../../../../../sim/learner-api";
import { readOnlyView } from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds physical memory, calls pdmap(mem, cr3, cr4) and hands
// the drawn map back as a string. Only sim/ is imported at run time (the kit import is types only).

/** What a case returns to the host: the map exactly as drawn. */
export interface MapAnswer {
  map: string;
}

/** Longer than any sane map (16 lines of 64 characters and newlines are 1040 characters). */
export const MAX_MAP_LENGTH = 4096;

type Pdmap = (mem: PhysicalMemory, cr3: number, cr4: number) => unknown;

class PreparedMachine {
  constructor(
    readonly mem: PhysicalMemory,
    readonly cr3: number,
    readonly cr4: number,
  ) {}
}

/** Rebuilds physical memory from the wire and reads CR3 and CR4 from the fixture's meta. */
function prepare(fixture: FixtureWire): PreparedMachine {
  const mem = PhysicalMemory.fromWire({ frames: fixture.frames, bytes: fixture.bytes });
  return new PreparedMachine(
    mem,
    requireU32(fixture.meta.cr3, "fixture cr3"),
    requireU32(fixture.meta.cr4, "fixture cr4"),
  );
}

/**
 * Calls the learner's pdmap(mem, cr3, cr4) for one case (optional cr3 and cr4 overrides) on a memory that refuses
 * writes, and returns the map. Throws a learner-readable Error when the answer is not a string of sane length.
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): MapAnswer {
  if (!(prepared instanceof PreparedMachine))
    throw new Error("page-directory-map adapter: call() needs what prepare() returned");
  const cr3 = input.cr3 === undefined ? prepared.cr3 : requireU32(input.cr3, "input cr3");
  const cr4 = input.cr4 === undefined ? prepared.cr4 : requireU32(input.cr4, "input cr4");
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's pdmap().
  const pdmap = entry as unknown as Pdmap;
  const returned = pdmap(readOnly(prepared.mem), cr3, cr4);
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

export const adapter: ExerciseAdapter = { prepare, call };

function readOnly(mem: PhysicalMemory): PhysicalMemory {
  return readOnlyView(
    mem,
    (method) => new Error(`pdmap must not write to memory (mem.${method}): drawing the map only reads the tables`),
  );
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}

function requireU32(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`page-directory-map adapter: ${what} must be an unsigned 32-bit number, got ${describe(value)}`);
  }
  return value;
}
