import { describe, expect, it } from "vitest";
import { KmapLocal, kmapMachineI386 } from "./kmap-local";
import { PkmapPool } from "./kmap";
import { layoutI386 } from "./layout-i386";

const MB = 1 << 20;
const layout = layoutI386({ ramBytes: 2048 * MB }); // pkmap window 0xff800000, 1024 entries
const HIGH = 0x40000;

describe("kmap / kunmap: the pkmap pool (facts §2.1, §5 E7)", () => {
  it("starts after entry 0, shares an entry between users of one page, and leaves lowmem alone", () => {
    const pool = new PkmapPool(layout);
    expect(pool.kmap(HIGH)).toEqual({ ok: true, addr: 0xff801000, slot: 1 });
    expect(pool.kmap(HIGH + 1)).toEqual({ ok: true, addr: 0xff802000, slot: 2 });
    expect(pool.kmap(HIGH)).toEqual({ ok: true, addr: 0xff801000, slot: 1 });
    expect(pool.pkmapCount.slice(0, 3)).toEqual([0, 3, 2]);
    expect(pool.kmap(0x100)).toEqual({ ok: true, addr: 0xc0100000, slot: null });
    expect(pool.kunmap(0x100)).toEqual({ ok: true, slot: null });
    expect(pool.findPageAddress(HIGH + 1)).toBe(0xff802000);
    expect(pool.findPageAddress(HIGH + 2)).toBeNull();
  });

  it("keeps a released entry (count 1) until the wrap flush, and reuses it for the same page", () => {
    const pool = new PkmapPool(layout);
    pool.kmap(HIGH);
    expect(pool.kunmap(HIGH)).toEqual({ ok: true, slot: 1 });
    expect(pool.pkmapCount[1]).toBe(1);
    expect(pool.findPageAddress(HIGH)).toBe(0xff801000);
    expect(pool.kunmap(HIGH)).toMatchObject({ ok: false, rule: "kunmap-unbalanced" });
    expect(pool.kmap(HIGH)).toEqual({ ok: true, addr: 0xff801000, slot: 1 });
    expect(pool.kunmap(HIGH + 5)).toMatchObject({ ok: false, rule: "kunmap-unbalanced" });
  });

  it("blocks when all 1024 entries are in use, and a kunmap plus the wrap flush frees one", () => {
    const pool = new PkmapPool(layout);
    for (let i = 0; i < 1023; i++) expect(pool.kmap(HIGH + i)).toMatchObject({ ok: true, slot: i + 1 });
    expect(pool.flushes).toBe(0);
    // The 1024th page wraps to entry 0: flush_all_zero_pkmaps finds nothing to release, so no TLB flush.
    expect(pool.kmap(HIGH + 1023)).toEqual({ ok: true, addr: 0xff800000, slot: 0 });
    expect(pool.flushes).toBe(0);
    const blocked = pool.kmap(HIGH + 2000);
    expect(blocked).toMatchObject({ ok: false, rule: "kmap-would-block" });
    expect(blocked.ok ? "" : blocked.message).toMatch(/all 1024 entries in use: kmap: every pkmap entry is in use/);
    expect(pool.lastPkmapNr).toBe(1023);
    // Entry 5 (page HIGH + 4) loses its only user; the retry wraps to 0, flushes once and takes entry 5.
    expect(pool.kunmap(HIGH + 4)).toEqual({ ok: true, slot: 5 });
    expect(pool.kmap(HIGH + 2000)).toEqual({ ok: true, addr: 0xff805000, slot: 5 });
    expect(pool.flushes).toBe(1);
    expect(pool.findPageAddress(HIGH + 4)).toBeNull();
  });

  it("counts one flush per wrap that releases entries, with PAE's 512 entries", () => {
    const pool = new PkmapPool(layoutI386({ ramBytes: 8192 * MB, pae: true }));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 512; i++) {
        const r = pool.kmap(HIGH + round * 512 + i);
        expect(r.ok).toBe(true);
        pool.kunmap(HIGH + round * 512 + i);
      }
    }
    expect(pool.flushes).toBe(3);
    // Each wrap released the round's entries; only the last page (entry 0, taken after the flush) is left at 1.
    expect(pool.pkmapCount[0]).toBe(1);
    expect(pool.pkmapCount.filter((c) => c !== 0)).toEqual([1]);
  });

  it("refuses to sleep inside kmap_atomic on the same CPU only", () => {
    const local = new KmapLocal(kmapMachineI386(layout));
    const pool = new PkmapPool(layout, local);
    local.kmapAtomic(1, HIGH);
    expect(pool.kmap(HIGH + 1, 1)).toMatchObject({ ok: false, rule: "sleep-in-atomic" });
    expect(pool.kmap(0x10, 1)).toMatchObject({ ok: false, rule: "sleep-in-atomic" });
    expect(pool.kmap(HIGH + 1, 0)).toMatchObject({ ok: true, slot: 1 });
    expect(pool.kmap(0x80000)).toMatchObject({ ok: false, rule: "no-struct-page" });
  });
});
