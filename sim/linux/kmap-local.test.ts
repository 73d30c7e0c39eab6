import { describe, expect, it } from "vitest";
import { KM_MAX_IDX, type KmapResult } from "./kmap-constants";
import { KmapLocal, kmapMachineI386, kmapSlotAddress } from "./kmap-local";
import { layoutI386 } from "./layout-i386";

const MB = 1 << 20;
// 3G/1G, Linux 5.11 (the 4.19 layout), 2 GB: lowmem is frames [0, 0x373fe), highmem [0x373fe, 0x80000).
const layout = layoutI386({ ramBytes: 2048 * MB, era: "4.19" });
const machine = kmapMachineI386(layout);
const HIGH = 0x40000;
const addrOf = (r: KmapResult) => (r.ok ? r.addr : r.rule);

describe("kmap_local_page / kunmap_local (facts §2.1, §5 E7)", () => {
  it("puts slots at FIXADDR_TOP - ((FIX_KMAP_BEGIN + idx + KM_MAX_IDX * cpu) << 12)", () => {
    expect(machine).toMatchObject({ maxLowPfn: 0x373fe, maxPfn: 0x80000, fixaddrTop: 0xfffff000, fixKmapBegin: 68 });
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
      /^kunmap_local\(0xfffbb000\) by task 0 on CPU 0, whose most recent mapping is 0xfffba000: WARN_ON_ONCE/,
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
    expect(k.kmapLocalPage(0, 0x373fd)).toEqual({ ok: true, addr: 0xf73fd000, slot: null });
    expect(addrOf(k.kmapLocalPage(0, 0x373fe))).toBe(0xfffbb000);
    expect(k.kunmapLocal(0, 0xc1234000)).toEqual({ ok: true, slot: null });
    expect(k.mappings(0)).toHaveLength(1);
    expect(k.kunmapLocal(0, 0x08048000)).toMatchObject({ ok: false, rule: "unmap-user-address" });
    expect(k.kunmapLocal(0, 0xf8800000)).toEqual({ ok: true, slot: null });
    expect(k.kmapLocalPage(0, 0x80000)).toMatchObject({ ok: false, rule: "no-struct-page" });
  });

  // mm/highmem.c, kmap_local_idx_push() (Linux 5.11):
  //     current->kmap_ctrl.idx += KM_INCR;
  //     BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX);
  // KM_INCR is 1 and KM_MAX_IDX 16 without CONFIG_DEBUG_KMAP_LOCAL: the 16th nested mapping makes idx 16 and BUGs.
  it("BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX) after the increment: 15 nested mappings, the 16th refused", () => {
    const k = new KmapLocal(machine);
    for (let i = 0; i < KM_MAX_IDX - 1; i++) expect(k.kmapLocalPage(2, HIGH + i).ok).toBe(true);
    const sixteenth = k.kmapLocalPage(2, HIGH + 99);
    expect(sixteenth).toMatchObject({ ok: false, rule: "nesting-limit" });
    expect(sixteenth.ok ? "" : sixteenth.message).toMatch(
      /with 15 slots mapped: BUG_ON\(current->kmap_ctrl\.idx >= KM_MAX_IDX\)/,
    );
    expect(k.kmapLocalPage(2, 0x10)).toEqual({ ok: true, addr: 0xc0010000, slot: null });
    expect(k.kmapLocalPage(3, HIGH + 99)).toEqual({ ok: true, addr: kmapSlotAddress(machine, 3, 0), slot: 0 });
    expect(k.mappings(2)).toHaveLength(15);
    // The CPU's last slot (idx 15) is never used without CONFIG_DEBUG_KMAP_LOCAL.
    expect(k.mappings(2).at(-1)?.addr).toBe(0xfffff000 - (68 + 14 + 32) * 4096);
    // One unmap makes room for exactly one more.
    expect(k.kunmapLocal(2, kmapSlotAddress(machine, 2, 14)).ok).toBe(true);
    expect(k.kmapLocalPage(2, HIGH + 98).ok).toBe(true);
    expect(k.kmapLocalPage(2, HIGH + 97)).toMatchObject({ ok: false, rule: "nesting-limit" });
  });

  it("keeps the depth in the task: a context switch swaps whole stacks, and the slot addresses stay the CPU's", () => {
    const k = new KmapLocal(machine);
    expect(k.currentTask(0)).toBe(0);
    k.kmapLocalPage(0, HIGH);
    k.kmapLocalPage(0, HIGH + 1);
    // Task 0 is preempted by task 7 (kmap_local_sched_out clears its PTEs); task 7 starts from its own depth, 0,
    // and gets the address task 0 uses for a different frame.
    k.switchTo(0, 7);
    expect(k.mappings(0)).toEqual([]);
    expect(k.findPfn(0, 0xfffbb000)).toBeNull();
    expect(k.kmapLocalPage(0, HIGH + 5)).toEqual({ ok: true, addr: 0xfffbb000, slot: 0 });
    expect(k.findPfn(0, 0xfffbb000)).toBe(HIGH + 5);
    expect(k.kunmapLocal(0, 0xfffba000)).toMatchObject({ ok: false, rule: "unmap-order" });
    expect(k.kunmapLocal(0, 0xfffbb000)).toEqual({ ok: true, slot: 0 });
    expect(k.kunmapLocal(0, 0xfffbb000)).toMatchObject({ ok: false, rule: "unmap-empty" });
    // Task 0 comes back (kmap_local_sched_in restores its PTEs) with its depth of 2.
    k.switchTo(0, 0);
    expect(k.findPfn(0, 0xfffba000)).toBe(HIGH + 1);
    expect(k.kmapLocalPage(0, HIGH + 2)).toEqual({ ok: true, addr: 0xfffb9000, slot: 2 });
    expect(k.mappingsOf(7)).toEqual([]);
    expect(k.mappingsOf(0).map((m) => m.pfn)).toEqual([HIGH, HIGH + 1, HIGH + 2]);
  });

  it("refuses schedules the kernel cannot make: a mapping task migrating, a task on two CPUs, preemption off", () => {
    const k = new KmapLocal(machine);
    k.kmapLocalPage(0, HIGH);
    k.switchTo(0, 9);
    // kmap_local_page disabled task 0's migration until its last kunmap_local.
    expect(k.findScheduleConflict(1, 0)).toMatch(/holds kmap_local mappings on CPU 0/);
    expect(() => k.switchTo(1, 0)).toThrow(RangeError);
    expect(() => k.switchTo(1, 9)).toThrow(/running on CPU 0/);
    // With no mappings left, task 0 may run anywhere.
    k.switchTo(0, 0);
    k.kunmapLocal(0, 0xfffbb000);
    k.switchTo(0, 9);
    k.switchTo(1, 0);
    expect(k.kmapLocalPage(1, HIGH)).toEqual({ ok: true, addr: 0xfffab000, slot: 0 });
    k.kmapAtomic(2, HIGH);
    expect(k.findScheduleConflict(2, 11)).toMatch(/inside kmap_atomic/);
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
    // The 5.11 fixmap of the layout is built for 4 CPUs (FIXADDR_START 0xfff7a000): a fifth CPU's slots fall below it.
    expect(() => kmapMachineI386(layout, { nrCpus: 5 })).toThrow(RangeError);
    expect(kmapMachineI386(layout, { nrCpus: 4, fixKmapBegin: 69 }).nrCpus).toBe(4);
    // The 2.6.38 boot log's bigger fixmap (0xfff16000) holds ten.
    const older = layoutI386({ ramBytes: 2048 * MB });
    expect(() => kmapMachineI386(older, { nrCpus: 11 })).toThrow(RangeError);
    expect(kmapMachineI386(older, { nrCpus: 10 }).nrCpus).toBe(10);
    expect(() => new KmapLocal(machine).kmapLocalPage(4, HIGH)).toThrow(RangeError);
  });
});
