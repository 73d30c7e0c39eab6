import { z } from "zod";
import {
  createRng,
  findVaI386,
  I386_PAGE_OFFSETS,
  KM_MAX_IDX,
  KmapLocal,
  kmapMachineI386,
  kmapSlotAddress,
  layoutI386,
  zonesI386,
  type I386Layout,
  type KmapMachine,
} from "../../../sim/index";
import { flagProp, megabytesProp, parseWidgetProps, type WidgetProps } from "../widget-props";

// The physical-memory bar's view model: an i386 configuration in, sim's layoutI386 and zonesI386 out, turned into
// the spans of two bars (physical RAM by zone, the kernel's virtual window by region) and a few seeded sample frames
// with the kernel address each one has: __va for lowmem, a kmap_local slot (sim's KmapLocal) for highmem (facts §2.1).

const MB = 1 << 20;
const PAGE = 4096;
const TWO_32 = 4294967296;

/** The CONFIG_VMSPLIT_* choices, by the name the widget shows; pageOffset is CONFIG_PAGE_OFFSET (facts §2.1). */
export const SPLITS = [
  { id: "3G/1G", pageOffset: I386_PAGE_OFFSETS[0], kconfig: "VMSPLIT_3G" },
  { id: "3G_OPT", pageOffset: I386_PAGE_OFFSETS[1], kconfig: "VMSPLIT_3G_OPT" },
  { id: "2G/2G", pageOffset: I386_PAGE_OFFSETS[2], kconfig: "VMSPLIT_2G" },
  { id: "2G_OPT", pageOffset: I386_PAGE_OFFSETS[3], kconfig: "VMSPLIT_2G_OPT" },
  { id: "1G/3G", pageOffset: I386_PAGE_OFFSETS[4], kconfig: "VMSPLIT_1G" },
] as const;
export type SplitId = (typeof SPLITS)[number]["id"];
const SPLIT_IDS = ["3G/1G", "3G_OPT", "2G/2G", "2G_OPT", "1G/3G"] as const satisfies readonly SplitId[];

/** RAM sizes on the slider, in MB: around the lowmem limit, then up to PAE's 64 GB. */
export const RAM_STEPS_MB = [
  16, 64, 128, 256, 512, 768, 880, 896, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 16384, 32768, 65536,
] as const;
export const MAX_RAM_MB = 65536;

/**
 * The kernel generations the widget offers (sim's layoutI386 eras), by the versions they stand for: the kmap_local
 * slots it draws exist from Linux 5.11, so only "4.19" pairs them with the right kmap window.
 */
export const ERAS = [
  { id: "4.19", label: "4.19 and later (5.11: kmap_local_page)" },
  { id: "3.x", label: "2.6.28 to 4.14" },
  { id: "2.6", label: "2.6.27 and older" },
] as const;
export type EraId = (typeof ERAS)[number]["id"];
const ERA_IDS = ["4.19", "3.x", "2.6"] as const satisfies readonly EraId[];

/** What the widget's controls set. vmallocMb null means no `vmalloc=` on the command line. */
export interface MemoryBarConfig {
  ramMb: number;
  split: SplitId;
  vmallocMb: number | null;
  pae: boolean;
  era: EraId;
  seed: string;
}

const megabytes = megabytesProp(1, MAX_RAM_MB);

/** The MDX attributes: `<PhysicalMemoryBar ram="1024" split="3G/1G" vmalloc="256" pae="false" era="4.19" seed="l3" />`. */
export const memoryBarPropsSchema = z
  .object({
    ram: megabytes.default(1024),
    split: z.enum(SPLIT_IDS).default("3G/1G"),
    vmalloc: megabytes.optional(),
    pae: flagProp.default(false),
    era: z.enum(ERA_IDS).default("3.x"),
    seed: z.string().min(1).max(64).default("physical-memory-bar"),
  })
  .strict()
  .transform(({ ram, vmalloc, ...rest }): MemoryBarConfig => ({ ...rest, ramMb: ram, vmallocMb: vmalloc ?? null }));

/** Parses MDX props into the starting configuration, or a message for the instructor. */
export function parseMemoryBarProps(props: unknown): WidgetProps<MemoryBarConfig> {
  return parseWidgetProps(memoryBarPropsSchema, props);
}

export type PhysKind = "dma" | "normal" | "highmem" | "ignored";
export type VirtKind =
  "direct" | "guard" | "vmalloc" | "pkmap" | "unused" | "fixmap" | "kmap-local" | "kmap-local-other";

export interface PhysSpan {
  kind: PhysKind;
  label: string;
  /** The label for a narrow drawing ("" for none). */
  short: string;
  start: number;
  end: number;
}
export interface VirtSpan {
  kind: VirtKind;
  label: string;
  short: string;
  start: number;
  end: number;
}

/** A frame of RAM and how the kernel reaches it: its direct-map address, or (highmem) a kmap_local slot. */
export interface SampleFrame {
  pfn: number;
  pa: number;
  zone: "DMA" | "Normal" | "HighMem";
  /** __va(pa) for lowmem; null for highmem, which has no permanent kernel address. */
  va: number | null;
  /** Highmem: kmap_local_page's address and slot on CPU 0 when the frames are mapped in this order (stack order). */
  kmap: { addr: number; slot: number } | null;
}

export interface MemoryBarView {
  layout: I386Layout;
  /** kmap_local's machine: where each CPU's KM_MAX_IDX fixmap slots are. */
  kmapMachine: KmapMachine;
  ramBytes: number;
  physical: PhysSpan[];
  virtual: VirtSpan[];
  frames: SampleFrame[];
}

/** kmap_local_page's per-CPU slots: KM_MAX_IDX, 16 [R] (facts §2.1, §6). */
export const KMAP_LOCAL_SLOTS = KM_MAX_IDX;
/** CPUs drawn in the fixmap: CPU 0's slots are shown one by one, the others' as one region. */
export const NR_CPUS = 4;

/** layoutI386 for the configuration, as spans and sample frames; a configuration no kernel accepts is a reason. */
export function buildMemoryBar(
  config: MemoryBarConfig,
): { ok: true; view: MemoryBarView } | { ok: false; reason: string } {
  const split = SPLITS.find((s) => s.id === config.split);
  if (split === undefined) return { ok: false, reason: `unknown split ${config.split}` };
  if (config.pae && split.pageOffset % (1 << 30) !== 0)
    return {
      ok: false,
      reason: `PAE needs a 1 GB aligned PAGE_OFFSET; ${split.kconfig} puts it at ${hex32(split.pageOffset)}`,
    };
  const ramBytes = config.ramMb * MB;
  let layout: I386Layout;
  let kmapMachine: KmapMachine;
  try {
    layout = layoutI386({
      ramBytes,
      pageOffset: split.pageOffset,
      pae: config.pae,
      era: config.era,
      ...(config.vmallocMb === null ? {} : { vmallocBytes: config.vmallocMb * MB }),
    });
    kmapMachine = kmapMachineI386(layout, { nrCpus: NR_CPUS });
  } catch (error) {
    // layoutI386 and kmapMachineI386 throw RangeError for parameters no kernel would accept or boot with (a vmalloc=
    // that leaves no lowmem or runs the direct map into the kmap window, a fixmap too small for the kmap slots).
    if (error instanceof RangeError) return { ok: false, reason: error.message };
    throw error;
  }
  if (layout.vmallocStart >= layout.vmallocEnd) {
    return {
      ok: false,
      reason: `vmalloc=${config.vmallocMb ?? 0}M leaves no vmalloc space: VMALLOC_START ${hex32(layout.vmallocStart)} is not below VMALLOC_END ${hex32(layout.vmallocEnd)}`,
    };
  }
  return {
    ok: true,
    view: {
      layout,
      kmapMachine,
      ramBytes,
      physical: physicalSpans(layout, ramBytes),
      virtual: virtualSpans(layout, kmapMachine),
      frames: sampleFrames(layout, kmapMachine, config.seed),
    },
  };
}

function physicalSpans(layout: I386Layout, ramBytes: number): PhysSpan[] {
  const names = {
    DMA: ["dma", "ZONE_DMA", "DMA"],
    Normal: ["normal", "ZONE_NORMAL", "NORMAL"],
    HighMem: ["highmem", "ZONE_HIGHMEM", "HIGHMEM"],
  } as const;
  const spans: PhysSpan[] = layout.zones.map((z) => ({
    kind: names[z.name][0],
    label: names[z.name][1],
    short: names[z.name][2],
    start: z.startPhys,
    end: z.endPhys,
  }));
  const used = layout.lowmemBytes + layout.highmemBytes;
  if (ramBytes > used)
    spans.push({
      kind: "ignored",
      label: layout.pae ? "beyond 64 GB" : "beyond 4 GB: needs PAE",
      short: "ignored",
      start: used,
      end: ramBytes,
    });
  return spans;
}

// The kernel window from PAGE_OFFSET to 4 GB, bottom up (facts §2.1's top-down table, reversed). Inside the fixmap,
// the kmap_local slots: __fix_to_virt counts down from FIXADDR_TOP, so CPU 0's slot 0 is the highest of them.
function virtualSpans(l: I386Layout, m: KmapMachine): VirtSpan[] {
  const cpu0Low = kmapSlotAddress(m, 0, KMAP_LOCAL_SLOTS - 1);
  const cpu0High = kmapSlotAddress(m, 0, 0) + PAGE;
  const othersLow = kmapSlotAddress(m, NR_CPUS - 1, KMAP_LOCAL_SLOTS - 1);
  // From 4.19 the LDT remap (one PMD) and the CPU entry area lie between the kmap window and the fixmap.
  const ldtEnd = l.ldtBase === null ? l.pkmapEnd : l.ldtBase + (l.pae ? 2 : 4) * MB;
  const aboveWindow: VirtSpan[] =
    l.ldtBase === null || l.cpuEntryAreaBase === null
      ? [{ kind: "unused", label: "unused", short: "", start: l.pkmapEnd, end: l.fixaddrStart }]
      : [
          { kind: "unused", label: "unused", short: "", start: l.pkmapEnd, end: l.ldtBase },
          { kind: "unused", label: "LDT remap", short: "LDT", start: l.ldtBase, end: ldtEnd },
          { kind: "unused", label: "unused", short: "", start: ldtEnd, end: l.cpuEntryAreaBase },
          { kind: "unused", label: "CPU entry area", short: "CEA", start: l.cpuEntryAreaBase, end: l.fixaddrStart },
        ];
  const spans: VirtSpan[] = [
    { kind: "direct", label: "direct map (lowmem)", short: "lowmem", start: l.pageOffset, end: l.highMemory },
    // VMALLOC_OFFSET: 8 MB, or up to 16 MB up to 2.6.27, which rounded VMALLOC_START up to an 8 MB boundary.
    {
      kind: "guard",
      label: `${formatSize(l.vmallocStart - l.highMemory)} guard`,
      short: "",
      start: l.highMemory,
      end: l.vmallocStart,
    },
    { kind: "vmalloc", label: "vmalloc / ioremap", short: "vmalloc", start: l.vmallocStart, end: l.vmallocEnd },
    { kind: "guard", label: "2-page guard", short: "", start: l.vmallocEnd, end: l.pkmapBase },
    { kind: "pkmap", label: "pkmap (kmap)", short: "pkmap", start: l.pkmapBase, end: l.pkmapEnd },
    ...aboveWindow,
    { kind: "fixmap", label: "fixmap", short: "", start: l.fixaddrStart, end: othersLow },
    { kind: "kmap-local-other", label: `kmap_local, CPUs 1-${NR_CPUS - 1}`, short: "", start: othersLow, end: cpu0Low },
    { kind: "kmap-local", label: "kmap_local, CPU 0", short: "", start: cpu0Low, end: cpu0High },
    { kind: "fixmap", label: "fixmap", short: "", start: cpu0High, end: l.fixaddrTop },
    { kind: "unused", label: "top page", short: "", start: l.fixaddrTop, end: TWO_32 },
  ];
  return spans.filter((s) => s.end > s.start);
}

// Positions are seeded fractions of each zone, so a frame keeps its place in its zone while the RAM slider moves.
// Every frame goes through kmap_local_page on CPU 0, in pfn order: lowmem ones come back at __va without a slot.
function sampleFrames(l: I386Layout, m: KmapMachine, seed: string): SampleFrame[] {
  const rng = createRng(`${seed}/frames`);
  const kmap = new KmapLocal(m);
  const frames: SampleFrame[] = [];
  for (const zone of zonesI386(l)) {
    if (zone.name !== "DMA" && zone.name !== "Normal" && zone.name !== "HighMem") continue;
    const count = zone.name === "DMA" ? 1 : 2;
    const pages = zone.endPfn - zone.startPfn;
    const picks = new Set<number>();
    for (let i = 0; i < count; i++) picks.add(zone.startPfn + Math.floor((rng.int(0, 9999) / 10000) * pages));
    for (const pfn of [...picks].sort((a, b) => a - b)) {
      const mapped = kmap.kmapLocalPage(0, pfn);
      if (!mapped.ok) throw new Error(`kmap_local_page(pfn ${pfn}) refused: ${mapped.message}`);
      const va = findVaI386(l, pfn * PAGE);
      if (mapped.slot === null && mapped.addr !== va)
        throw new Error(`kmap_local_page(pfn ${pfn}) = ${mapped.addr}, __va = ${va}`);
      frames.push({
        pfn,
        pa: pfn * PAGE,
        zone: zone.name,
        va,
        kmap: mapped.slot === null ? null : { addr: mapped.addr, slot: mapped.slot },
      });
    }
  }
  return frames;
}

/** "0xc0000000": 8 hex digits, the width of an i386 address. */
export function hex32(value: number): string {
  return "0x" + value.toString(16).padStart(8, "0");
}

/** "896 MB", "887.99 MB", "4 KB". */
export function formatSize(bytes: number): string {
  if (bytes < MB) return `${bytes / 1024} KB`;
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(2)} MB`;
}
