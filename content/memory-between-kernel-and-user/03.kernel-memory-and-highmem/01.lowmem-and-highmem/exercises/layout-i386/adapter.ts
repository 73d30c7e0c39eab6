import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";

// Runs in the sandbox beside the learner's code: hands computeLayout() a fresh configuration object, calls it, and
// copies the layout it returns out as plain data (throwing a learner-readable Error for a malformed one). Nothing
// from sim/ is needed: a configuration is a handful of numbers.

/** The eras of i386 kernels whose MAXMEM formulas differ (facts §2.1). */
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

class Prepared {}

/** Cases carry their own configuration, so a fixture holds nothing. */
function prepare(_fixture: FixtureWire): Prepared {
  return new Prepared();
}

/**
 * Calls the learner's computeLayout(config) for one case ({ config }) with a fresh object, so a learner who changes
 * it cannot change the next case. Returns the layout as plain data; throws a learner-readable Error for an answer
 * that is not a layout (a missing field, a fraction, a string, a Promise).
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): Layout {
  if (!(prepared instanceof Prepared)) throw new Error("layout-i386 adapter: call() needs what prepare() returned");
  const config = toConfig(input.config);
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's computeLayout().
  const computeLayout = entry as unknown as ComputeLayout;
  return toLayout(computeLayout(config));
}

export const adapter: ExerciseAdapter = { prepare, call };

/** Parses a case's configuration (throws for a malformed one: an exercise bug, not the learner's). */
export function toConfig(value: unknown): Config {
  if (typeof value !== "object" || value === null)
    throw new Error("layout-i386 adapter: input config must be an object");
  const wire = value as Record<string, unknown>;
  const number = (field: string): number => {
    const v = wire[field];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new Error(`layout-i386 adapter: config ${field} must be a non-negative integer, got ${describe(v)}`);
    }
    return v;
  };
  const era = wire.era;
  if (typeof era !== "string" || !(ERAS as readonly string[]).includes(era)) {
    throw new Error(`layout-i386 adapter: config era must be "2.6" or "3.x", got ${describe(era)}`);
  }
  if (typeof wire.pae !== "boolean") throw new Error(`layout-i386 adapter: config pae must be a boolean`);
  return {
    pageOffset: number("pageOffset"),
    ramBytes: number("ramBytes"),
    vmallocBytes: wire.vmallocBytes === null ? null : number("vmallocBytes"),
    pae: wire.pae,
    era: era as Era,
    fixaddrStart: number("fixaddrStart"),
  };
}

/** Copies a returned layout out as plain data, or explains what is wrong with it. */
export function toLayout(returned: unknown): Layout {
  if (typeof returned === "object" && returned !== null && "then" in returned && typeof returned.then === "function") {
    throw new Error("computeLayout returned a Promise; make it a plain (not async) function returning a layout");
  }
  if (typeof returned !== "object" || returned === null || Array.isArray(returned)) {
    throw new Error(
      `computeLayout returned ${describe(returned)}; return an object with ${LAYOUT_FIELDS.join(", ")} and zones`,
    );
  }
  const answer = returned as Record<string, unknown>;
  const layout: Record<string, unknown> = {};
  for (const field of LAYOUT_FIELDS) layout[field] = requireInteger(answer[field], field);
  const zones = answer.zones;
  if (!Array.isArray(zones))
    throw new Error(`computeLayout returned zones = ${describe(zones)}; return an array of zones`);
  layout.zones = zones.map((zone: unknown, i): Zone => {
    if (typeof zone !== "object" || zone === null)
      throw new Error(`zones[${i}] is ${describe(zone)}; return { name, startPhys, endPhys }`);
    const z = zone as Record<string, unknown>;
    if (typeof z.name !== "string" || !(ZONE_NAMES as readonly string[]).includes(z.name)) {
      throw new Error(`zones[${i}].name is ${describe(z.name)}; use "DMA", "Normal" or "HighMem"`);
    }
    return {
      name: z.name as ZoneName,
      startPhys: requireInteger(z.startPhys, `zones[${i}].startPhys`),
      endPhys: requireInteger(z.endPhys, `zones[${i}].endPhys`),
    };
  });
  return layout as Layout;
}

/** Any integer a number can hold exactly; a negative one is let through so that the spec can explain it. */
function requireInteger(value: unknown, what: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  throw new Error(
    `computeLayout returned ${what} = ${describe(value)}; it must be an integer number of bytes or an address`,
  );
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n (a bigint; return a number)`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}
