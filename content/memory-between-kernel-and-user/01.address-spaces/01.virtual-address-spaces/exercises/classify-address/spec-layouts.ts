import { I386_PAGE_OFFSETS, layoutI386, type I386LayoutOptions, type Rng } from "../../../../../../sim/index";
import type { I386LayoutWire, LayoutWire, Region, X8664LayoutWire } from "./adapter";

// The layouts the checks run on, and the layout written as a table of [start, end) ranges: the spec's own,
// independent view of the answer, used to pick interesting addresses and to say where a region begins and ends.

export const KB = 1n << 10n;
export const MB = 1n << 20n;
export const GB = 1n << 30n;
export const TB = 1n << 40n;
/** The numeric fields of each layout (every one a 0x-hex string on the wire). */
export type I386Field = Exclude<keyof I386LayoutWire, "arch">;
export type X8664Field = Exclude<keyof X8664LayoutWire, "arch">;

const TWO_32 = 1n << 32n;
const TWO_64 = 1n << 64n;

/** Documentation/arch/x86/x86_64/mm.rst, 4-level paging, without KASLR. */
export const X86_64_DEFAULTS = {
  pageOffsetBase: 0xffff888000000000n,
  vmallocBase: 0xffffc90000000000n,
  vmemmapBase: 0xffffea0000000000n,
} as const;
export const START_KERNEL_MAP = 0xffffffff80000000n;
/** KASLR places the three moving regions, 1 GB aligned and in order, between these two addresses. */
const KASLR_START = X86_64_DEFAULTS.pageOffsetBase;
const KASLR_END = 0xfffffe0000000000n;
export const DIRECT_MAP_SIZE = 64n * TB;
export const VMALLOC_SIZE = 32n * TB;
export const VMEMMAP_SIZE = 1n * TB;

/** `0x` + lowercase hex, padded to 8 digits on i386 and 16 on x86-64: how addresses are written in messages. */
export function hexAddress(value: bigint, arch: LayoutWire["arch"]): string {
  return "0x" + value.toString(16).padStart(arch === "i386" ? 8 : 16, "0");
}

function hex(value: bigint | number): string {
  return "0x" + value.toString(16);
}

/** An x86-64 layout: mm.rst's defaults unless bases are given; KERNEL_IMAGE_SIZE 512 MB (1 GB with KASLR). */
export function x8664Layout(
  options: Partial<Record<keyof typeof X86_64_DEFAULTS, bigint>> & {
    kernelImageBytes?: bigint;
    fixaddrStart?: bigint;
  } = {},
): X8664LayoutWire {
  return {
    arch: "x86_64",
    pageOffsetBase: hex(options.pageOffsetBase ?? X86_64_DEFAULTS.pageOffsetBase),
    vmallocBase: hex(options.vmallocBase ?? X86_64_DEFAULTS.vmallocBase),
    vmemmapBase: hex(options.vmemmapBase ?? X86_64_DEFAULTS.vmemmapBase),
    kernelImageBytes: hex(options.kernelImageBytes ?? 512n * MB),
    fixaddrStart: hex(options.fixaddrStart ?? 0xffffffffff57c000n),
  };
}

/**
 * A KASLR layout drawn from `rng`: the direct map, vmalloc and vmemmap keep their sizes and their order, 1 GB
 * aligned, anywhere in [0xffff888000000000, 0xfffffe0000000000); the kernel image mapping is 1 GB.
 */
export function randomKaslrLayout(rng: Rng): X8664LayoutWire {
  const slackGb = Number((KASLR_END - KASLR_START - DIRECT_MAP_SIZE - VMALLOC_SIZE - VMEMMAP_SIZE) / GB);
  const cuts = [rng.int(0, slackGb), rng.int(0, slackGb), rng.int(0, slackGb)].sort((a, b) => a - b);
  const [a = 0, b = 0, c = 0] = cuts;
  const pageOffsetBase = KASLR_START + BigInt(a) * GB;
  const vmallocBase = pageOffsetBase + DIRECT_MAP_SIZE + BigInt(b - a) * GB;
  const vmemmapBase = vmallocBase + VMALLOC_SIZE + BigInt(c - b) * GB;
  return x8664Layout({
    pageOffsetBase,
    vmallocBase,
    vmemmapBase,
    kernelImageBytes: 1n * GB,
    fixaddrStart: randomFixaddrStart(rng),
  });
}

/** FIXADDR_START depends on the configuration: a page somewhere in the 6 MB below the vsyscall page. */
export function randomFixaddrStart(rng: Rng): bigint {
  return 0xffffffffff600000n - BigInt(rng.int(16, 1536)) * 4096n;
}

/** An i386 layout as the kernel computes it (sim's layoutI386) for a split, RAM size, PAE and era. */
export function i386Layout(options: I386LayoutOptions): I386LayoutWire {
  const l = layoutI386(options);
  return {
    arch: "i386",
    pageOffset: hex(l.pageOffset),
    ramBytes: hex(options.ramBytes),
    maxmemBytes: hex(l.maxmemBytes),
    vmallocEnd: hex(l.vmallocEnd),
    pkmapBase: hex(l.pkmapBase),
    lastPkmap: hex(l.lastPkmap),
    fixaddrStart: hex(l.fixaddrStart),
    fixaddrTop: hex(l.fixaddrTop),
  };
}

const RAM_CHOICES_MB = [128, 256, 512, 768, 896, 1024, 1536, 2048, 3072, 4096];

/** An i386 configuration drawn from `rng`: any split, a RAM size from 128 MB to 4 GB, PAE where it is allowed. */
export function randomI386Options(rng: Rng): I386LayoutOptions {
  const pageOffset = rng.pick(I386_PAGE_OFFSETS);
  const pae = pageOffset % 0x40000000 === 0 && rng.chance(0.3);
  return { pageOffset, ramBytes: rng.pick(RAM_CHOICES_MB) * 2 ** 20, pae, era: rng.pick(["2.6", "3.x"] as const) };
}

/** One row of a layout's table: the bytes [start, end) belong to `region`. */
export interface RegionRange {
  region: Region;
  start: bigint;
  end: bigint;
}

const X86_64_FIXED: RegionRange[] = [
  { region: "user", start: 0n, end: 0x0000800000000000n },
  { region: "non-canonical", start: 0x0000800000000000n, end: 0xffff800000000000n },
  { region: "guard-hole", start: 0xffff800000000000n, end: 0xffff880000000000n },
  { region: "ldt-remap", start: 0xffff880000000000n, end: 0xffff888000000000n },
  { region: "cpu-entry-area", start: 0xfffffe0000000000n, end: 0xfffffe8000000000n },
  { region: "esp-fixup", start: 0xffffff0000000000n, end: 0xffffff8000000000n },
  { region: "efi", start: 0xffffffef00000000n, end: 0xffffffff00000000n },
  { region: "vsyscall", start: 0xffffffffff600000n, end: 0xffffffffff601000n },
];

/** The named regions of a layout, sorted by address; the bytes between them (kernel half) are "unused". */
export function namedRegions(layout: LayoutWire): RegionRange[] {
  let rows: RegionRange[];
  if (layout.arch === "i386") {
    const n = (field: I386Field) => BigInt(layout[field]);
    const pageOffset = n("pageOffset");
    const ram = n("ramBytes");
    const maxmem = n("maxmemBytes");
    const highMemory = pageOffset + (ram < maxmem ? ram : maxmem);
    rows = [
      { region: "user", start: 0n, end: pageOffset },
      { region: "direct-map", start: pageOffset, end: highMemory },
      { region: "vmalloc", start: highMemory + 8n * MB, end: n("vmallocEnd") },
      { region: "pkmap", start: n("pkmapBase"), end: n("pkmapBase") + n("lastPkmap") * 4096n },
      { region: "fixmap", start: n("fixaddrStart"), end: n("fixaddrTop") },
    ];
  } else {
    const n = (field: X8664Field) => BigInt(layout[field]);
    const textEnd = START_KERNEL_MAP + n("kernelImageBytes");
    rows = [
      ...X86_64_FIXED,
      { region: "direct-map", start: n("pageOffsetBase"), end: n("pageOffsetBase") + DIRECT_MAP_SIZE },
      { region: "vmalloc", start: n("vmallocBase"), end: n("vmallocBase") + VMALLOC_SIZE },
      { region: "vmemmap", start: n("vmemmapBase"), end: n("vmemmapBase") + VMEMMAP_SIZE },
      { region: "kernel-text", start: START_KERNEL_MAP, end: textEnd },
      { region: "modules", start: textEnd, end: 0xffffffffff000000n },
      { region: "fixmap", start: n("fixaddrStart"), end: 0xffffffffff600000n },
    ];
  }
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < rows.length; i++) {
    const before = rows[i - 1] as RegionRange;
    const row = rows[i] as RegionRange;
    if (row.start >= row.end || before.end > row.start) {
      throw new Error(
        `classify-address: ${before.region} and ${row.region} overlap or are empty in ${JSON.stringify(layout)}`,
      );
    }
  }
  return rows;
}

/** Every byte of the address space in exactly one row: the named regions with "unused" rows in the gaps. */
export function fullTable(layout: LayoutWire): RegionRange[] {
  const top = layout.arch === "i386" ? TWO_32 : TWO_64;
  const rows: RegionRange[] = [];
  let at = 0n;
  for (const row of namedRegions(layout)) {
    if (row.start > at) rows.push({ region: "unused", start: at, end: row.start });
    rows.push(row);
    at = row.end;
  }
  if (at < top) rows.push({ region: "unused", start: at, end: top });
  return rows;
}

/** The row holding `address`: the spec's answer by table look-up (the reference solution reasons instead). */
export function findRow(layout: LayoutWire, address: bigint): RegionRange {
  const row = fullTable(layout).find((r) => address >= r.start && address < r.end);
  if (!row) throw new Error(`classify-address: ${hex(address)} is outside the ${layout.arch} address space`);
  return row;
}

/** A uniform bigint in [lo, hi) (hi - lo at most 2^64). */
export function randomBetween(rng: Rng, lo: bigint, hi: bigint): bigint {
  const bits = (BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32());
  return lo + (bits % (hi - lo));
}

/**
 * `count` addresses of a layout worth asking about: a row of its full table at random, then its first byte,
 * its last byte or any byte inside; on x86-64 now and then any 64-bit value at all (mostly non-canonical).
 */
export function sampleAddresses(rng: Rng, layout: LayoutWire, count: number): bigint[] {
  const rows = fullTable(layout);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    if (layout.arch === "x86_64" && rng.chance(0.1)) {
      out.push(randomBetween(rng, 0n, TWO_64));
      continue;
    }
    const row = rng.pick(rows);
    const roll = rng.int(0, 3);
    out.push(roll === 0 ? row.start : roll === 1 ? row.end - 1n : randomBetween(rng, row.start, row.end));
  }
  return out;
}

/** The first and last byte of every row of the full table, in address order. */
export function edgeAddresses(layout: LayoutWire): bigint[] {
  return fullTable(layout).flatMap((row) => (row.end - row.start === 1n ? [row.start] : [row.start, row.end - 1n]));
}
