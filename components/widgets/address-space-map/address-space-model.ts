import { z } from "zod";
import {
  classifyX8664,
  findPaI386,
  findPaX8664,
  hex,
  I386_PAGE_OFFSETS,
  layoutI386,
  layoutX8664,
  type X8664RegionName,
} from "../../../sim/index";
import { flagProp, megabytesProp, parseWidgetProps, type WidgetProps } from "../widget-props";

// The address-space map's view model: every byte of the i386 (sim's layoutI386) or x86-64 (sim's layoutX8664)
// address space in exactly one region, and a vertical scale (linear, or by the logarithm of each region's size)
// to draw them as bands of a bar and to go from a height back to an address (facts §2.1, §2.2).

export type RegionKind = "user" | "direct-map" | "vmalloc" | "pkmap" | "fixmap" | "kernel" | "hole" | "non-canonical";

export interface MapRegion {
  name: string;
  kind: RegionKind;
  start: bigint;
  /** Exclusive. */
  end: bigint;
  /** What the region is, in one sentence. */
  note: string;
}

const SPLITS = {
  "3G/1G": I386_PAGE_OFFSETS[0],
  "3G_OPT": I386_PAGE_OFFSETS[1],
  "2G/2G": I386_PAGE_OFFSETS[2],
  "2G_OPT": I386_PAGE_OFFSETS[3],
  "1G/3G": I386_PAGE_OFFSETS[4],
} as const;

/** MDX attributes: `<AddressSpaceMap arch="i386" split="3G/1G" ram="1024" />`, `<AddressSpaceMap arch="x86_64" />`. */
export const mapPropsSchema = z
  .object({
    arch: z.enum(["i386", "x86_64"]).default("i386"),
    split: z.enum(["3G/1G", "3G_OPT", "2G/2G", "2G_OPT", "1G/3G"]).default("3G/1G"),
    ram: megabytesProp(16, 65536).default(1024),
    pae: flagProp.default(false),
    era: z.enum(["3.x", "2.6"]).default("3.x"),
    scale: z.enum(["linear", "log"]).optional(),
    address: z.string().max(24).optional(),
  })
  .strict();
export type MapConfig = z.infer<typeof mapPropsSchema>;

/** MDX props to a map configuration (a PAE 2G_OPT split is refused as the kernel does), or a message. */
export function parseMapProps(props: unknown): WidgetProps<MapConfig> {
  const parsed = parseWidgetProps(mapPropsSchema, props);
  if (!parsed.ok) return parsed;
  const { config } = parsed;
  if (config.arch === "i386" && config.pae && config.split === "2G_OPT")
    return { ok: false, message: "split: 2G_OPT is not valid with PAE (PAGE_OFFSET must be 1 GB aligned)" };
  if (config.address !== undefined && !parseAddress(config.address, config.arch).ok)
    return { ok: false, message: `address: ${config.address} is not a ${config.arch} address` };
  return parsed;
}

/** Every region of the configured address space, sorted, without gaps: holes are regions of their own. */
export function buildRegions(config: MapConfig): MapRegion[] {
  return config.arch === "i386" ? i386Regions(config) : x8664Regions();
}

function i386Regions(config: MapConfig): MapRegion[] {
  const l = layoutI386({
    pageOffset: SPLITS[config.split],
    ramBytes: config.ram * 2 ** 20,
    pae: config.pae,
    era: config.era,
  });
  const rows: MapRegion[] = [
    {
      name: "user space",
      kind: "user",
      start: 0n,
      end: BigInt(l.pageOffset),
      note: `[0, PAGE_OFFSET): the process's own; TASK_SIZE = PAGE_OFFSET = ${hex(l.pageOffset)}.`,
    },
    {
      name: "direct map (lowmem)",
      kind: "direct-map",
      start: BigInt(l.pageOffset),
      end: BigInt(l.highMemory),
      note: `physical 0 to ${hex(l.lowmemBytes)} at PAGE_OFFSET: __pa(x) = x - ${hex(l.pageOffset)}; it ends at high_memory.`,
    },
    {
      name: "VMALLOC_OFFSET guard",
      kind: "hole",
      start: BigInt(l.highMemory),
      end: BigInt(l.vmallocStart),
      note: "8 MB left unmapped between high_memory and vmalloc, to catch overruns.",
    },
    {
      name: "vmalloc",
      kind: "vmalloc",
      start: BigInt(l.vmallocStart),
      end: BigInt(l.vmallocEnd),
      note: "vmalloc() and ioremap() mappings (and modules, on i386), each with a guard page.",
    },
    {
      name: "guard (2 pages)",
      kind: "hole",
      start: BigInt(l.vmallocEnd),
      end: BigInt(l.pkmapBase),
      note: "VMALLOC_END = PKMAP_BASE - 2 pages.",
    },
    {
      name: "pkmap (kmap window)",
      kind: "pkmap",
      start: BigInt(l.pkmapBase),
      end: BigInt(l.pkmapEnd),
      note: `LAST_PKMAP = ${l.lastPkmap} pages where kmap() maps highmem pages for a while.`,
    },
    {
      name: "unused",
      kind: "hole",
      start: BigInt(l.pkmapEnd),
      end: BigInt(l.fixaddrStart),
      note: "Between the kmap window and the fixmap (newer kernels put the CPU entry area and LDT remap here).",
    },
    {
      name: "fixmap",
      kind: "fixmap",
      start: BigInt(l.fixaddrStart),
      end: BigInt(l.fixaddrTop),
      note: `compile-time fixed addresses (and the kmap_local slots), up to FIXADDR_TOP = ${hex(l.fixaddrTop)}.`,
    },
    {
      name: "unused (top page)",
      kind: "hole",
      start: BigInt(l.fixaddrTop),
      end: 1n << 32n,
      note: "The last page, above FIXADDR_TOP.",
    },
  ];
  return rows.filter((r) => r.end > r.start);
}

const X86_64_NAMES: Record<X8664RegionName, [string, RegionKind, string]> = {
  user: [
    "user space",
    "user",
    "the lower half, 128 TB, different in every process; Linux maps up to TASK_SIZE_MAX = 0x7ffffffff000.",
  ],
  "non-canonical": [
    "non-canonical hole",
    "non-canonical",
    "bits 63:47 not all equal: any access is a #GP, not a page fault, and CR2 is not written.",
  ],
  "guard-hole": ["guard hole", "hole", "8 TB kept for a hypervisor."],
  "ldt-remap": ["LDT remap", "kernel", "the LDT remap for PTI."],
  "direct-map": [
    "direct map",
    "direct-map",
    "all physical memory at page_offset_base: __pa(x) = x - PAGE_OFFSET, no highmem.",
  ],
  vmalloc: ["vmalloc / ioremap", "vmalloc", "virtually contiguous mappings of scattered pages, and device memory."],
  vmemmap: ["vmemmap", "kernel", "the array of struct page."],
  "kasan-shadow": ["KASAN shadow", "kernel", "KASAN's shadow memory (CONFIG_KASAN)."],
  "cpu-entry-area": [
    "cpu_entry_area",
    "kernel",
    "entry code, IDT, TSS and entry stacks: the kernel part KPTI keeps in the user tables.",
  ],
  "esp-fixup": ["%esp fixup stacks", "kernel", "per-CPU stacks for the espfix workaround."],
  efi: ["EFI runtime", "kernel", "EFI runtime services mappings."],
  "kernel-text": ["kernel text", "kernel", "the kernel image at __START_KERNEL_map, mapped to physical 0 + phys_base."],
  modules: ["modules", "kernel", "loadable modules, just after the kernel image."],
  fixmap: ["fixmap", "fixmap", "compile-time fixed addresses, below the vsyscall page."],
  vsyscall: ["vsyscall page", "kernel", "the legacy vsyscall page: in the kernel half, yet user-accessible."],
  unused: ["unused", "hole", "nothing is mapped here."],
};

function x8664Regions(): MapRegion[] {
  const layout = layoutX8664();
  const rows: MapRegion[] = [];
  // classifyX8664 names the holes between the layout's rows too, so walking region ends covers every byte once.
  for (let at = 0n; at < 1n << 64n;) {
    const row = classifyX8664(layout, at);
    const [name, kind, note] = X86_64_NAMES[row.region];
    rows.push({ name, kind, start: row.start, end: row.end, note });
    at = row.end;
  }
  return rows;
}

/** __pa(address) where the kernel has one (the direct map; on x86-64 also the kernel image), else null. */
export function physicalOf(config: MapConfig, address: bigint): bigint | null {
  if (config.arch === "x86_64") return findPaX8664(layoutX8664(), address);
  const layout = layoutI386({
    pageOffset: SPLITS[config.split],
    ramBytes: config.ram * 2 ** 20,
    pae: config.pae,
    era: config.era,
  });
  const pa = address < 1n << 32n ? findPaI386(layout, Number(address)) : null;
  return pa === null ? null : BigInt(pa);
}

export type Scale = "linear" | "log";

/** A region's band on the bar: y0 (top, higher addresses) < y1 (bottom), in the bar's units. */
export interface Band {
  region: MapRegion;
  y0: number;
  y1: number;
}

/**
 * Stacks the regions bottom-up (address 0 at the bottom): linear gives each a height proportional to its size;
 * log to log2(size) - 8, so a 4 KB page and 2^64 bytes both stay visible.
 */
export function layoutBands(regions: MapRegion[], scale: Scale, height: number): Band[] {
  const weights = regions.map((r) =>
    scale === "linear" ? Number(r.end - r.start) : Math.max(1, Math.log2(Number(r.end - r.start)) - 8),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const bands: Band[] = [];
  let y = height;
  regions.forEach((region, i) => {
    const h = ((weights[i] ?? 0) / total) * height;
    bands.push({ region, y0: y - h, y1: y });
    y -= h;
  });
  return bands;
}

/** The height an address sits at: linear inside its band. */
export function addressToY(bands: Band[], address: bigint): number | null {
  const band = bands.find((b) => address >= b.region.start && address < b.region.end);
  if (!band) return null;
  const fraction = Number(address - band.region.start) / Number(band.region.end - band.region.start);
  return band.y1 - fraction * (band.y1 - band.y0);
}

/** The address at a height (the inverse of addressToY), rounded down to a page. */
export function yToAddress(bands: Band[], y: number): bigint | null {
  const band = bands.find((b) => y >= b.y0 && y <= b.y1);
  if (!band) return null;
  const size = band.region.end - band.region.start;
  const fraction = Math.min(1, Math.max(0, (band.y1 - y) / (band.y1 - band.y0 || 1)));
  const offset = BigInt(Math.floor(fraction * Number(size)));
  const address = band.region.start + (offset >= size ? size - 1n : offset);
  return address - (address % 4096n);
}

/** The region holding `address`. */
export function findRegion(regions: MapRegion[], address: bigint): MapRegion | null {
  return regions.find((r) => address >= r.start && address < r.end) ?? null;
}

/** Parses a typed address: hex with or without 0x (underscores allowed), 32 or 64 bits wide. */
export function parseAddress(
  text: string,
  arch: MapConfig["arch"],
): { ok: true; address: bigint } | { ok: false; message: string } {
  const digits = text.trim().replace(/[_\s]/g, "").replace(/^0x/i, "");
  if (!/^[0-9a-f]{1,16}$/i.test(digits))
    return { ok: false, message: "Type a hexadecimal address, such as 0xc0000000." };
  const address = BigInt("0x" + digits);
  if (arch === "i386" && address >= 1n << 32n)
    return { ok: false, message: "An i386 address has at most 8 hex digits." };
  return { ok: true, address };
}

/** 0x and 8 (i386) or 16 (x86-64) hex digits. */
export function formatAddress(value: bigint, arch: MapConfig["arch"]): string {
  return "0x" + value.toString(16).padStart(arch === "i386" ? 8 : 16, "0");
}

/** A size in the largest binary unit that keeps it readable: "4 KB", "887.99 MB", "128 TB", "16 EB". */
export function formatBytes(bytes: bigint): string {
  const units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, "");
  return `${text} ${units[unit]}`;
}
