import { describe, expect, it } from "vitest";
import { KM_MAX_IDX, type KmapResult } from "./kmap-constants";
import { KmapLocal, kmapMachineI386, kmapSlotAddress } from "./kmap-local";
import { layoutI386 } from "./layout-i386";

const MB = 1 << 20;
// 3G/1G, 3.x kernel, 2 GB: lowmem is frames [0, 0x377fe), highmem [0x377fe, 0x80000).
const layout = layoutI386({ ramBytes: 2048 * MB });
const machine = kmapMachineI386(layout);
const HIGH = 0x40000;
const addrOf = (r: KmapResult) => (r.ok ? r.addr : r.rule);

describe("kmap_local_page / kunmap_local (facts §2.1, §5 E7)", () => {
  it("puts slots at FIXADDR_TOP - ((FIX_KMAP_BEGIN + idx + KM_MAX_IDX * cpu) << 12)", () => {
    expect(machine).toMatchObject({ maxLowPfn: 0x377fe, maxPfn: 0x80000, fixaddrTop: 0xfffff000, fixKmapBegin: 68 });
    expect(kmapSlotAddress(machine, 0, 0)).toBe(0xfffbb000);
    expect(kmapSlotAddress(machine, 0, 1)).toBe(0xfffba000);
    expect(kmapSlotAddress(machine, 1, 0)).toBe(0xfffab000);
    expect(kmapSlotAddress(machine, 3, 15)).toBe(0xfff7c000);
  });

  it("maps nested highmem pages in stack order and unmaps them in reverse", () => {
    const k = new KmapLocal(machine);
    expect(k.kmapLocalPage(0, HIGH)).toEqual({ ok: true, addr: 0xfffbb000, slot: 0 });
    expect(k.kmapLocalPage(0, HIGH + 1)).toEqual({ ok: true, addr: 0xfffba000, slot: 1 });
    // The same page mapped again takes another slot: kmap_local never shares.
    expect(addrOf(k.kmapLocalPage(0, HIGH))).toBe(0xfffb9000);
    expect(k.findPfn(0, 0xfffba123)).toBe(HIGH + 1);
    expect(k.findPfn(1, 0xfffba123)).toBeNull();
    expect(k.kunmapLocal(0, 0xfffb9000)).toEqual({ ok: true, slot: 2 });
    // Any address inside the slot's page unmaps it.
    expect(k.kunmapLocal(0, 0xfffba7ff)).toEqual({ ok: true, slot: 1 });
    expect(k.kunmapLocal(0, 0xfffbb000)).toEqual({ ok: true, slot: 0 });
    expect(k.mappings(0)).toEqual([]);
  });

  it("refuses an out-of-order unmap and changes nothing", () => {
    const k = new KmapLocal(machine);
    k.kmapLocalPage(0, HIGH);
    k.kmapLocalPage(0, HIGH + 1);
    const wrong = k.kunmapLocal(0, 0xfffbb000);
    expect(wrong).toMatchObject({ ok: false, rule: "unmap-order" });
    expect(wrong.ok ? "" : wrong.message).toMatch(
      /^kunmap_local\(0xfffbb000\) on CPU 0, whose most recent mapping is 0xfffba000: WARN_ON_ONCE/,
    );
    expect(k.mappings(0).map((m) => m.addr)).toEqual([0xfffbb000, 0xfffba000]);
    // Another CPU's slot is never this CPU's top either.
    expect(k.kunmapLocal(1, 0xfffba000)).toMatchObject({ ok: false, rule: "unmap-empty" });
    k.kmapLocalPage(1, HIGH + 2);
    expect(k.kunmapLocal(1, 0xfffba000)).toMatchObject({ ok: false, rule: "unmap-order" });
  });

  it("gives lowmem pages their direct-map address and no slot", () => {
    const k = new KmapLocal(machine);
    expect(k.kmapLocalPage(0, 0x1234)).toEqual({ ok: true, addr: 0xc1234000, slot: null });
    expect(k.kmapLocalPage(0, 0x377fd)).toEqual({ ok: true, addr: 0xf77fd000, slot: null });
    expect(addrOf(k.kmapLocalPage(0, 0x377fe))).toBe(0xfffbb000);
    expect(k.kunmapLocal(0, 0xc1234000)).toEqual({ ok: true, slot: null });
    expect(k.mappings(0)).toHaveLength(1);
    expect(k.kunmapLocal(0, 0x08048000)).toMatchObject({ ok: false, rule: "unmap-user-address" });
    expect(k.kunmapLocal(0, 0xf8800000)).toEqual({ ok: true, slot: null });
    expect(k.kmapLocalPage(0, 0x80000)).toMatchObject({ ok: false, rule: "no-struct-page" });
  });

  it("stops at KM_MAX_IDX nested mappings per CPU; other CPUs are independent", () => {
    const k = new KmapLocal(machine);
    for (let i = 0; i < KM_MAX_IDX; i++) expect(k.kmapLocalPage(2, HIGH + i).ok).toBe(true);
    expect(k.kmapLocalPage(2, HIGH + 99)).toMatchObject({ ok: false, rule: "nesting-limit" });
    expect(k.kmapLocalPage(2, 0x10)).toEqual({ ok: true, addr: 0xc0010000, slot: null });
    expect(k.kmapLocalPage(3, HIGH + 99)).toEqual({ ok: true, addr: kmapSlotAddress(machine, 3, 0), slot: 0 });
    expect(k.mappings(2)).toHaveLength(KM_MAX_IDX);
    expect(k.mappings(2).at(-1)?.addr).toBe(0xfffff000 - (68 + 15 + 32) * 4096);
  });

  it("kmap_atomic disables sleeping until kunmap_atomic, even for a lowmem page", () => {
    const k = new KmapLocal(machine);
    expect(k.mightSleep(0, "mutex_lock")).toEqual({ ok: true });
    const a = k.kmapAtomic(0, 0x100);
    expect(a).toEqual({ ok: true, addr: 0xc0100000, slot: null });
    expect(k.inAtomic(0)).toBe(true);
    expect(k.inAtomic(1)).toBe(false);
    expect(k.mightSleep(0, "mutex_lock")).toMatchObject({ ok: false, rule: "sleep-in-atomic" });
    expect(k.kmapAtomic(0, HIGH)).toMatchObject({ ok: true, addr: 0xfffbb000 });
    expect(k.kunmapAtomic(0, 0xfffbb000)).toEqual({ ok: true, slot: 0 });
    expect(k.kunmapAtomic(0, 0xc0100000)).toEqual({ ok: true, slot: null });
    expect(k.inAtomic(0)).toBe(false);
    expect(k.kunmapAtomic(0, 0xc0100000)).toMatchObject({ ok: false, rule: "atomic-unbalanced" });
  });

  it("rejects machines whose slots do not fit the fixmap, and CPUs that do not exist", () => {
    expect(() => kmapMachineI386(layout, { nrCpus: 11 })).toThrow(RangeError);
    expect(kmapMachineI386(layout, { nrCpus: 10 }).nrCpus).toBe(10);
    expect(() => new KmapLocal(machine).kmapLocalPage(4, HIGH)).toThrow(RangeError);
  });
});
