import { describe, expect, it } from "vitest";
import { scaleBar } from "./bar-scale";
import { buildMemoryBar, formatSize, hex32, parseMemoryBarProps, type MemoryBarConfig } from "./memory-bar-model";

const base: MemoryBarConfig = { ramMb: 1024, split: "3G/1G", vmallocMb: null, pae: false, era: "3.x", seed: "t" };

function view(config: Partial<MemoryBarConfig>) {
  const r = buildMemoryBar({ ...base, ...config });
  if (!r.ok) throw new Error(r.reason);
  return r.view;
}

describe("physical-memory bar model", () => {
  it("1 GB, 3G/1G, Linux 2.6.38 (era 3.x): the boot log's numbers (facts §2.1), ZONE_HIGHMEM from 0x377fe000", () => {
    const v = view({});
    expect(v.layout.lowmemBytes).toBe(0x377fe000);
    expect(v.layout.highMemory).toBe(0xf77fe000);
    expect(v.layout.highmemBytes).toBe(0x08802000);
    expect(v.physical).toEqual([
      { kind: "dma", label: "ZONE_DMA", short: "DMA", start: 0, end: 16 << 20 },
      { kind: "normal", label: "ZONE_NORMAL", short: "NORMAL", start: 16 << 20, end: 0x377fe000 },
      { kind: "highmem", label: "ZONE_HIGHMEM", short: "HIGHMEM", start: 0x377fe000, end: 0x40000000 },
    ]);
    expect(v.virtual.map((s) => [s.kind, hex32(s.start), hex32(s.end)])).toEqual([
      ["direct", "0xc0000000", "0xf77fe000"],
      ["guard", "0xf77fe000", "0xf7ffe000"],
      ["vmalloc", "0xf7ffe000", "0xff7fe000"],
      ["guard", "0xff7fe000", "0xff800000"],
      ["pkmap", "0xff800000", "0xffc00000"],
      ["unused", "0xffc00000", "0xfff16000"],
      ["fixmap", "0xfff16000", "0xfff7c000"],
      ["kmap-local-other", "0xfff7c000", "0xfffac000"],
      ["kmap-local", "0xfffac000", "0xfffbc000"],
      ["fixmap", "0xfffbc000", "0xfffff000"],
      ["unused", "0xfffff000", "0x100000000"],
    ]);
  });

  it("512 MB: no highmem zone, vmalloc starts at 0xe0800000", () => {
    const v = view({ ramMb: 512 });
    expect(v.physical.map((s) => s.kind)).toEqual(["dma", "normal"]);
    expect(v.virtual[1]).toMatchObject({ kind: "guard", start: 0xe0000000, end: 0xe0800000 });
    expect(v.frames.every((f) => f.va === f.pa + 0xc0000000 && f.kmap === null)).toBe(true);
  });

  it("the 2.6 era's MAXMEM is 896 MB: lowmem ends at 0x38000000, high_memory 0xf8000000", () => {
    const v = view({ era: "2.6", ramMb: 2048 });
    expect(v.layout.lowmemBytes).toBe(0x38000000);
    expect(v.layout.highMemory).toBe(0xf8000000);
    expect(v.virtual.find((s) => s.kind === "fixmap")).toMatchObject({ start: 0xfff4b000 });
    // Up to 2.6.27 VMALLOC_START is rounded up to 8 MB: 500 MB of RAM leaves a 12 MB guard.
    expect(view({ era: "2.6", ramMb: 500 }).virtual[1]).toMatchObject({ label: "12 MB guard", end: 0xe0000000 });
  });

  it("4.19 and later (the lesson's Linux 5.11): the kmap window below the LDT remap and the CPU entry area", () => {
    const v = view({ era: "4.19", ramMb: 2048 });
    expect(v.layout.highMemory).toBe(0xf73fe000);
    expect(v.virtual.map((s) => [s.label, hex32(s.start), hex32(s.end)]).slice(3, 7)).toEqual([
      ["2-page guard", "0xff3fe000", "0xff400000"],
      ["pkmap (kmap)", "0xff400000", "0xff800000"],
      ["LDT remap", "0xff800000", "0xffc00000"],
      ["CPU entry area", "0xffc00000", "0xfff7a000"],
    ]);
    expect(v.frames.filter((f) => f.zone === "HighMem").map((f) => f.kmap?.addr)).toEqual([0xfffbb000, 0xfffba000]);
  });

  it("PAE: a 2 MB kmap window at 0xffc00000, MAXMEM 0x37bfe000; with 2G_OPT it is refused", () => {
    const v = view({ pae: true, ramMb: 8192 });
    expect(v.virtual.find((s) => s.kind === "pkmap")).toMatchObject({ start: 0xffc00000, end: 0xffe00000 });
    expect(v.layout.lowmemBytes).toBe(0x37bfe000);
    expect(v.physical.at(-1)).toMatchObject({ kind: "highmem", end: 8192 * 2 ** 20 });
    const bad = buildMemoryBar({ ...base, pae: true, split: "2G_OPT" });
    expect(bad).toEqual({
      ok: false,
      reason: "PAE needs a 1 GB aligned PAGE_OFFSET; VMSPLIT_2G_OPT puts it at 0x78000000",
    });
  });

  it("without PAE RAM above 4 GB is shown as ignored", () => {
    const v = view({ ramMb: 8192 });
    expect(v.physical.at(-1)).toEqual({
      kind: "ignored",
      label: "beyond 4 GB: needs PAE",
      short: "ignored",
      start: 2 ** 32,
      end: 2 ** 33,
    });
    expect(v.layout.highmemBytes).toBe(2 ** 32 - 0x377fe000);
  });

  it("vmalloc=256M: MAXMEM 0x2effe000 (the lesson's callout); a vmalloc= eating the window is a reason", () => {
    expect(view({ vmallocMb: 256 }).layout.lowmemBytes).toBe(0x2effe000);
    const r = buildMemoryBar({ ...base, vmallocMb: 1100 });
    expect(r.ok).toBe(false);
    // 2.6.27 and older took vmalloc=1M as the whole reserve: the direct map would run into the kmap window.
    const tiny = buildMemoryBar({ ...base, era: "2.6", vmallocMb: 1 });
    expect(tiny).toEqual({
      ok: false,
      reason:
        "VMALLOC_START 0x100800000 is above VMALLOC_END 0xff7fe000: mem_init's BUG_ON(VMALLOC_START > VMALLOC_END)",
    });
    // From 2.6.28 the 8 MB guard is added to it: vmalloc=1M leaves a 1 MB vmalloc area.
    const small = view({ vmallocMb: 1 }).layout;
    expect(small.vmallocEnd - small.vmallocStart).toBe(1 << 20);
  });

  it("other splits move the line: 2G/2G lowmem 0x777fe000, 1G/3G 0xb77fe000 (with 4 GB of RAM)", () => {
    expect(view({ split: "2G/2G", ramMb: 4096 }).layout.lowmemBytes).toBe(0x777fe000);
    expect(view({ split: "1G/3G", ramMb: 4096 }).layout.lowmemBytes).toBe(0xb77fe000);
  });

  it("sample frames: seeded, one in DMA, two per other zone; lowmem at __va, highmem in CPU 0's kmap_local slots 0, 1", () => {
    const a = view({ ramMb: 4096 });
    expect(view({ ramMb: 4096 }).frames).toEqual(a.frames);
    expect(a.frames.map((f) => f.zone)).toEqual(["DMA", "Normal", "Normal", "HighMem", "HighMem"]);
    for (const f of a.frames) {
      if (f.zone === "HighMem") expect(f.va).toBeNull();
      else expect(f.va).toBe(0xc0000000 + f.pa);
    }
    // __fix_to_virt(FIX_KMAP_BEGIN + idx) = 0xfffff000 - ((68 + idx) << 12)
    expect(a.frames.filter((f) => f.zone === "HighMem").map((f) => f.kmap)).toEqual([
      { addr: 0xfffbb000, slot: 0 },
      { addr: 0xfffba000, slot: 1 },
    ]);
    expect(a.frames[0]?.pa).toBeLessThan(16 << 20);
    expect(view({ ramMb: 4096, seed: "other" }).frames).not.toEqual(a.frames);
  });
});

describe("props", () => {
  it("reads strings and numbers, with defaults", () => {
    expect(parseMemoryBarProps({})).toEqual({
      ok: true,
      config: { ramMb: 1024, split: "3G/1G", vmallocMb: null, pae: false, era: "3.x", seed: "physical-memory-bar" },
    });
    expect(parseMemoryBarProps({ ram: "4096", pae: "true", vmalloc: 256, split: "2G/2G" })).toMatchObject({
      ok: true,
      config: { ramMb: 4096, pae: true, vmallocMb: 256, split: "2G/2G" },
    });
    expect(parseMemoryBarProps({ era: "4.19" })).toMatchObject({ ok: true, config: { era: "4.19" } });
    expect(parseMemoryBarProps({ era: "5.x" }).ok).toBe(false);
  });

  it("a typo is a message naming the prop, not a crash", () => {
    const r = parseMemoryBarProps({ ram: "1G" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^ram: /);
    expect(parseMemoryBarProps({ split: "3G" }).ok).toBe(false);
    expect(parseMemoryBarProps({ rma: "1024" }).ok).toBe(false);
    expect(parseMemoryBarProps({ ram: 0 }).ok).toBe(false);
  });
});

describe("bar scale", () => {
  const span = (start: number, end: number) => ({ start, end });
  /** Each placed span's x0 and x1, in order. */
  const edges = (bar: ReturnType<typeof scaleBar>) => bar.placed.flatMap((p) => [p.x0, p.x1]);

  it("is proportional when nothing is small, and maps addresses linearly inside a span", () => {
    const s = scaleBar([span(0, 100), span(100, 400)], 400, 10);
    expect(edges(s)).toEqual([0, 100, 100, 400]);
    expect(s.findX(250)).toBe(250);
    expect(s.findX(400)).toBe(400);
    expect(s.findX(401)).toBeNull();
  });

  it("raises a tiny span to the minimum and shrinks the others to pay for it", () => {
    const s = scaleBar([span(0, 1), span(1, 1000)], 100, 20);
    expect(edges(s)).toEqual([0, 20, 20, 100]);
    expect(s.findX(1)).toBe(20);
  });

  it("takes a minimum per span, and ignores the minimums when they do not fit", () => {
    const spans = [span(0, 1), span(1, 2), span(2, 1000)];
    const s = scaleBar(spans, 100, (each) => (each.start === 0 ? 30 : 10));
    expect(s.placed.map((p) => p.x1 - p.x0)).toEqual([30, 10, 60]);
    const tight = scaleBar(spans, 30, 20);
    const widths = tight.placed.map((p) => p.x1 - p.x0);
    [0.03, 0.03, 29.94].forEach((w, i) => expect(widths[i]).toBeCloseTo(w, 9));
  });

  it("drops empty spans and refuses gaps", () => {
    expect(scaleBar([span(0, 0), span(0, 8)], 80, 1).placed).toHaveLength(1);
    expect(() => scaleBar([span(0, 8), span(9, 10)], 80, 1)).toThrow(/not contiguous/);
  });

  it("formats sizes as the boot log does", () => {
    expect(formatSize(0x377fe000)).toBe("887.99 MB");
    expect(formatSize(896 << 20)).toBe("896 MB");
    expect(formatSize(8192)).toBe("8 KB");
  });
});
