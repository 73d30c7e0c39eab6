import { LAYOUT_FIELDS, type Config, type Layout, type LayoutField, type Zone } from "./adapter";
import { describeConfig, hex, MB, sizeText } from "./spec-configs";

// How a wrong layout is explained: the configuration in the kernel's own names, every field that differs (yours and
// the expected value), and for the first wrong field the formula with this configuration's numbers, plus a word on
// JavaScript's signed bitwise operators when a value came back negative or 4 GB off.

const NAMES: Record<LayoutField, string> = {
  maxmemBytes: "maxmemBytes (MAXMEM)",
  lowmemBytes: "lowmemBytes (lowmem)",
  highMemory: "highMemory (high_memory)",
  highmemBytes: "highmemBytes (highmem)",
  vmallocStart: "vmallocStart (VMALLOC_START)",
  vmallocEnd: "vmallocEnd (VMALLOC_END)",
  pkmapBase: "pkmapBase (PKMAP_BASE)",
  pkmapEnd: "pkmapEnd (end of the kmap window)",
};

/** Sizes as sizes, addresses as addresses. */
function show(field: LayoutField, value: number): string {
  return field.endsWith("Bytes") ? sizeText(value) : hex(value);
}

function zonesText(zones: Zone[]): string {
  if (zones.length === 0) return "no zones";
  return zones.map((z) => `${z.name} ${hex(z.startPhys)}-${hex(z.endPhys)}`).join(", ");
}

/** The learner-facing message for a layout that differs from the expected one (undefined when they agree). */
export function explainMismatch(config: Config, expected: Layout, actual: Layout): string | undefined {
  const wrong = LAYOUT_FIELDS.filter((f) => expected[f] !== actual[f]);
  const parts = wrong.map((f) => `${NAMES[f]}: you returned ${show(f, actual[f])}, expected ${show(f, expected[f])}`);
  const zonesWrong = JSON.stringify(expected.zones) !== JSON.stringify(actual.zones);
  if (zonesWrong) parts.push(`zones: you returned ${zonesText(actual.zones)}, expected ${zonesText(expected.zones)}`);
  if (parts.length === 0) return undefined;
  const first = wrong[0];
  const hints: string[] = [];
  if (first !== undefined) {
    hints.push(hintFor(first, config, expected));
    // An address 4 GB off is a sign bit misread; a size 4 GB off is more likely a real mistake.
    const off = Math.abs(actual[first] - expected[first]);
    if (actual[first] < 0 || (!first.endsWith("Bytes") && off === 2 ** 32)) {
      hints.push(
        "In JavaScript `&`, `|` and `~` give signed 32-bit results, so an address above 0x7fffffff comes back " +
          "negative (or 4 GB off): round with Math.floor(x / size) * size, or finish with `>>> 0`.",
      );
    }
  } else {
    hints.push(hintForZones());
  }
  return `${describeConfig(config)}: ${parts.join("; ")}. Hint: ${hints.join(" ")}`;
}

function reserveText(config: Config): string {
  if (config.vmallocBytes === null) return "__VMALLOC_RESERVE = 128 MB";
  return config.era === "2.6"
    ? `__VMALLOC_RESERVE = vmalloc= = ${sizeText(config.vmallocBytes)} (2.6.27 and older add no guard to it)`
    : `__VMALLOC_RESERVE = vmalloc= + VMALLOC_OFFSET = ${sizeText(config.vmallocBytes)} + 8 MB`;
}

function hintFor(field: LayoutField, config: Config, e: Layout): string {
  const guard = config.era === "2.6" ? 0 : 8 * MB;
  const reserve = config.vmallocBytes === null ? 128 * MB : config.vmallocBytes + guard;
  switch (field) {
    case "maxmemBytes":
      return config.era === "2.6"
        ? `A 2.6 kernel (2.6.27 and older) has MAXMEM = 4 GB - PAGE_OFFSET - __VMALLOC_RESERVE, with ${reserveText(config)}: ` +
            `${hex(2 ** 32)} - ${hex(config.pageOffset)} - ${hex(reserve)} = ${hex(e.maxmemBytes)}.`
        : `A 3.x kernel (2.6.28 on) has MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE, with ${reserveText(config)}: ` +
            `${hex(e.vmallocEnd)} - ${hex(config.pageOffset)} - ${hex(reserve)} = ${hex(e.maxmemBytes)}.`;
    case "lowmemBytes":
      return (
        "lowmem = min(usable RAM, MAXMEM), rounded down to a page; without PAE a kernel uses at most 4 GB of RAM, " +
        "with PAE at most 64 GB."
      );
    case "highMemory":
      return `high_memory = PAGE_OFFSET + lowmem = ${hex(config.pageOffset)} + ${hex(e.lowmemBytes)}.`;
    case "highmemBytes":
      return config.pae
        ? "highmem is the usable RAM above lowmem: a PAE kernel uses at most 64 GB of RAM, so highmem = " +
            "min(RAM, 64 GB) - lowmem, and 0 when all RAM fits in lowmem."
        : "highmem is the usable RAM above lowmem: a kernel without PAE uses at most 4 GB of RAM, so highmem = " +
            "min(RAM, 4 GB) - lowmem, and 0 when all RAM fits in lowmem.";
    case "vmallocStart":
      return config.era === "2.6"
        ? `A 2.6 kernel (2.6.27 and older) rounds VMALLOC_START up to an 8 MB boundary: (high_memory + 2 x VMALLOC_OFFSET - 1) ` +
            `rounded down to a multiple of 8 MB = (${hex(e.highMemory)} + 0x00ffffff) rounded down = ${hex(e.vmallocStart)}, ` +
            `8 to 16 MB above high_memory.`
        : `VMALLOC_START = high_memory + VMALLOC_OFFSET (an 8 MB guard) = ${hex(e.highMemory)} + 0x00800000.`;
    case "vmallocEnd":
      return `VMALLOC_END = PKMAP_BASE - 2 pages = ${hex(e.pkmapBase)} - 0x2000.`;
    case "pkmapBase":
      return config.pae
        ? "PKMAP_BASE = (FIXADDR_START - 4096 x (LAST_PKMAP + 1)) rounded down to a PMD: with PAE LAST_PKMAP is " +
            "512 and a PMD covers 2 MB."
        : "PKMAP_BASE = (FIXADDR_START - 4096 x (LAST_PKMAP + 1)) rounded down to a PMD: without PAE LAST_PKMAP is " +
            "1024 and a PMD (a page-directory entry) covers 4 MB.";
    case "pkmapEnd":
      return `The kmap window is LAST_PKMAP pages: PKMAP_BASE + ${config.pae ? "512" : "1024"} x 4096.`;
  }
}

function hintForZones(): string {
  return (
    `ZONE_DMA is [0, min(16 MB, lowmem)), ZONE_NORMAL [16 MB, lowmem) when lowmem is above 16 MB, ZONE_HIGHMEM ` +
    `[lowmem, lowmem + highmem) when there is highmem; leave empty zones out, and list them in that order.`
  );
}
