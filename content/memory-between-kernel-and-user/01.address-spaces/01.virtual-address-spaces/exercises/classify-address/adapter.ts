import { inputChecks, refusePromise } from "../../../../../kit/adapter-values";
import { defineCaseAdapter } from "../../../../../kit/define-adapter";

// Runs in the sandbox beside the learner's code: turns a case's layout (hex strings on the wire) into the plain
// object of bigints the learner's classify() receives, calls it, and hands back the region name it returned.
// Nothing from sim/ is needed: the layout is all numbers. Only the kit's pure helpers are imported at run time.

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

const { describe, fail, requireHex64, requireObject } = inputChecks("classify-address adapter");
const requireHex = (value: unknown, what: string) => requireHex64(value, what, "a 0x-hex string of at most 64 bits");

/**
 * Calls the learner's classify(layout, address) for one case ({ layout, address } as hex strings) with a fresh
 * layout object, so a learner who changes it cannot change the next case. Returns the region name; throws a
 * learner-readable Error for anything that is not one of REGIONS. Cases carry their own layout.
 */
function call(classify: Classify, input: Record<string, unknown>): Region {
  const layout = toLayout(input.layout);
  const address = requireHex(input.address, "input address");
  const returned = classify(layout, address);
  refusePromise(returned, "classify", "a region name");
  const region = REGIONS.find((r) => r === returned);
  if (region !== undefined) return region;
  throw new Error(`classify returned ${describe(returned)}; return one of the region names: ${REGIONS.join(", ")}`);
}

export const adapter = defineCaseAdapter(call);

/** Parses a wire layout into bigints (throws for a malformed one: an exercise bug, not the learner's). */
export function toLayout(value: unknown): Layout {
  const wire = requireObject(value, "input layout");
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
  return fail("layout arch", '"i386" or "x86_64"', wire.arch);
}
