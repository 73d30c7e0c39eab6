import { inputChecks, isRecord, isWholeNumber, refusePromise } from "../../../../../kit/adapter-values";
import { defineCaseAdapter } from "../../../../../kit/define-adapter";

// Runs in the sandbox beside the learner's code: hands computeLayout() a fresh configuration object, calls it, and
// copies the layout it returns out as plain data (throwing a learner-readable Error for a malformed one). Nothing
// from sim/ is needed: a configuration is a handful of numbers; only the kit's pure helpers are imported at run time.

/**
 * The eras of i386 kernels whose formulas differ (facts §2.1): "2.6" is Linux 2.6.27 and older, "3.x" Linux 2.6.28 to
 * 4.14, whose kmap window still hangs right below the fixmap (the 2008 patch to include/asm-x86/pgtable_32.h changed
 * MAXMEM, VMALLOC_START's rounding and vmalloc=).
 */
export const ERAS = ["2.6", "3.x"] as const;
export type Era = (typeof ERAS)[number];

/** What the learner's computeLayout() receives; every number is a plain (unsigned) number of bytes or an address. */
export interface Config {
  pageOffset: number;
  ramBytes: number;
  vmallocBytes: number | null;
  pae: boolean;
  era: Era;
  fixaddrStart: number;
}

export const ZONE_NAMES = ["DMA", "Normal", "HighMem"] as const;
export type ZoneName = (typeof ZONE_NAMES)[number];
export interface Zone {
  name: ZoneName;
  startPhys: number;
  endPhys: number;
}

/** The numeric fields of a layout, in the order the prompt lists them (zones come last). */
export const LAYOUT_FIELDS = [
  "maxmemBytes",
  "lowmemBytes",
  "highMemory",
  "highmemBytes",
  "vmallocStart",
  "vmallocEnd",
  "pkmapBase",
  "pkmapEnd",
] as const;
export type LayoutField = (typeof LAYOUT_FIELDS)[number];
export type Layout = Record<LayoutField, number> & { zones: Zone[] };

type ComputeLayout = (config: Config) => unknown;

// layout-i386's messages tell a learner who returned a bigint to return a number.
const { describe, fail, requireInteger, requireObject } = inputChecks("layout-i386 adapter", {
  bigint: (value) => `${value}n (a bigint; return a number)`,
});

/**
 * Calls the learner's computeLayout(config) for one case ({ config }) with a fresh object, so a learner who changes
 * it cannot change the next case. Returns the layout as plain data; throws a learner-readable Error for an answer
 * that is not a layout (a missing field, a fraction, a string, a Promise). Cases carry their own configuration.
 */
function call(computeLayout: ComputeLayout, input: Record<string, unknown>): Layout {
  return toLayout(computeLayout(toConfig(input.config)));
}

export const adapter = defineCaseAdapter(call);

/** Parses a case's configuration (throws for a malformed one: an exercise bug, not the learner's). */
export function toConfig(value: unknown): Config {
  const wire = requireObject(value, "input config");
  const number = (field: string): number => requireInteger(wire[field], `config ${field}`, "a non-negative integer");
  const era = ERAS.find((e) => e === wire.era) ?? fail("config era", '"2.6" or "3.x"', wire.era);
  if (typeof wire.pae !== "boolean") throw new Error(`layout-i386 adapter: config pae must be a boolean`);
  return {
    pageOffset: number("pageOffset"),
    ramBytes: number("ramBytes"),
    vmallocBytes: wire.vmallocBytes === null ? null : number("vmallocBytes"),
    pae: wire.pae,
    era,
    fixaddrStart: number("fixaddrStart"),
  };
}

/** Copies a returned layout out as plain data, or explains what is wrong with it. */
export function toLayout(returned: unknown): Layout {
  refusePromise(returned, "computeLayout", "a layout");
  if (!isRecord(returned) || Array.isArray(returned)) {
    throw new Error(
      `computeLayout returned ${describe(returned)}; return an object with ${LAYOUT_FIELDS.join(", ")} and zones`,
    );
  }
  const layout: Record<string, unknown> = {};
  for (const field of LAYOUT_FIELDS) layout[field] = layoutNumber(returned[field], field);
  const zones = returned.zones;
  if (!Array.isArray(zones))
    throw new Error(`computeLayout returned zones = ${describe(zones)}; return an array of zones`);
  layout.zones = zones.map((zone: unknown, i): Zone => {
    if (!isRecord(zone)) throw new Error(`zones[${i}] is ${describe(zone)}; return { name, startPhys, endPhys }`);
    if (typeof zone.name !== "string" || !(ZONE_NAMES as readonly string[]).includes(zone.name)) {
      throw new Error(`zones[${i}].name is ${describe(zone.name)}; use "DMA", "Normal" or "HighMem"`);
    }
    return {
      name: zone.name as ZoneName,
      startPhys: layoutNumber(zone.startPhys, `zones[${i}].startPhys`),
      endPhys: layoutNumber(zone.endPhys, `zones[${i}].endPhys`),
    };
  });
  return layout as Layout;

  /** Any integer a number can hold exactly; a negative one is let through so that the spec can explain it. */
  function layoutNumber(value: unknown, what: string): number {
    if (isWholeNumber(value)) return value;
    throw new Error(
      `computeLayout returned ${what} = ${describe(value)}; it must be an integer number of bytes or an address`,
    );
  }
}
