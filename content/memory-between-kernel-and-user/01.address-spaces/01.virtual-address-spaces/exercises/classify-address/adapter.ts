import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";

// Runs in the sandbox beside the learner's code: turns a case's layout (hex strings on the wire) into the plain
// object of bigints the learner's classify() receives, calls it, and hands back the region name it returned.
// Nothing from sim/ is needed: the layout is all numbers.

/** Every answer classify() may give, i386 and x86-64 together. */
export const REGIONS = [
  "user",
  "non-canonical",
  "guard-hole",
  "ldt-remap",
  "direct-map",
  "vmalloc",
  "vmemmap",
  "cpu-entry-area",
  "esp-fixup",
  "efi",
  "kernel-text",
  "modules",
  "pkmap",
  "fixmap",
  "vsyscall",
  "unused",
] as const;
export type Region = (typeof REGIONS)[number];

/** The i386 layout fields, in the order the prompt lists them. */
export const I386_FIELDS = [
  "pageOffset",
  "ramBytes",
  "maxmemBytes",
  "vmallocEnd",
  "pkmapBase",
  "lastPkmap",
  "fixaddrStart",
  "fixaddrTop",
] as const;
/** The x86-64 (4-level) layout fields. */
export const X86_64_FIELDS = [
  "pageOffsetBase",
  "vmallocBase",
  "vmemmapBase",
  "kernelImageBytes",
  "fixaddrStart",
] as const;

export type I386LayoutWire = { arch: "i386" } & Record<(typeof I386_FIELDS)[number], string>;
export type X8664LayoutWire = { arch: "x86_64" } & Record<(typeof X86_64_FIELDS)[number], string>;
/** A layout as it travels in a case input: every number a 0x-hex string. */
export type LayoutWire = I386LayoutWire | X8664LayoutWire;

/** What the learner receives: the same fields as bigints. */
export type I386Layout = { arch: "i386" } & Record<(typeof I386_FIELDS)[number], bigint>;
export type X8664Layout = { arch: "x86_64" } & Record<(typeof X86_64_FIELDS)[number], bigint>;
export type Layout = I386Layout | X8664Layout;

type Classify = (layout: Layout, address: bigint) => unknown;

class Prepared {}

/** Cases carry their own layout, so a fixture holds nothing. */
function prepare(_fixture: FixtureWire): Prepared {
  return new Prepared();
}

/**
 * Calls the learner's classify(layout, address) for one case ({ layout, address } as hex strings) with a fresh
 * layout object, so a learner who changes it cannot change the next case. Returns the region name; throws a
 * learner-readable Error for anything that is not one of REGIONS.
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): Region {
  if (!(prepared instanceof Prepared))
    throw new Error("classify-address adapter: call() needs what prepare() returned");
  const layout = toLayout(input.layout);
  const address = requireHex(input.address, "input address");
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's classify().
  const classify = entry as unknown as Classify;
  const returned = classify(layout, address);
  if (typeof returned === "object" && returned !== null && "then" in returned && typeof returned.then === "function") {
    throw new Error("classify returned a Promise; make it a plain (not async) function returning a region name");
  }
  if (typeof returned === "string" && (REGIONS as readonly string[]).includes(returned)) return returned as Region;
  throw new Error(`classify returned ${describe(returned)}; return one of the region names: ${REGIONS.join(", ")}`);
}

export const adapter: ExerciseAdapter = { prepare, call };

/** Parses a wire layout into bigints (throws for a malformed one: an exercise bug, not the learner's). */
export function toLayout(value: unknown): Layout {
  if (typeof value !== "object" || value === null)
    throw new Error("classify-address adapter: input layout must be an object");
  const wire = value as Record<string, unknown>;
  if (wire.arch === "i386") {
    const layout: Record<string, unknown> = { arch: "i386" };
    for (const field of I386_FIELDS) layout[field] = requireHex(wire[field], `layout ${field}`);
    return layout as I386Layout;
  }
  if (wire.arch === "x86_64") {
    const layout: Record<string, unknown> = { arch: "x86_64" };
    for (const field of X86_64_FIELDS) layout[field] = requireHex(wire[field], `layout ${field}`);
    return layout as X8664Layout;
  }
  throw new Error(`classify-address adapter: layout arch must be "i386" or "x86_64", got ${describe(wire.arch)}`);
}

function requireHex(value: unknown, what: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-f]{1,16}$/.test(value)) {
    throw new Error(
      `classify-address adapter: ${what} must be a 0x-hex string of at most 64 bits, got ${describe(value)}`,
    );
  }
  return BigInt(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}
