import { describe, expect, it } from "vitest";
import { createRng } from "../rng";
import {
  fullTable,
  randomKaslrLayout,
  x8664Layout,
} from "../../content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/spec-layouts";
import type { X8664LayoutWire } from "../../content/memory-between-kernel-and-user/01.address-spaces/01.virtual-address-spaces/exercises/classify-address/adapter";
import {
  classifyX8664,
  findPaX8664,
  findVaX8664,
  layoutX8664,
  paX8664,
  vaX8664,
  type X8664Layout,
} from "./layout-x86-64";

const TB = 1n << 40n;
const region = (l: X8664Layout, va: bigint) => classifyX8664(l, va).region;

describe("layoutX8664, 4-level (facts §2.2, mm.rst)", () => {
  const l = layoutX8664();

  it("classifies the first and last byte of every mm.rst row", () => {
    const rows: [bigint, bigint, string][] = [
      [0x0000000000000000n, 0x00007fffffffffffn, "user"],
      [0x0000800000000000n, 0xffff7fffffffffffn, "non-canonical"],
      [0xffff800000000000n, 0xffff87ffffffffffn, "guard-hole"],
      [0xffff880000000000n, 0xffff887fffffffffn, "ldt-remap"],
      [0xffff888000000000n, 0xffffc87fffffffffn, "direct-map"],
      [0xffffc88000000000n, 0xffffc8ffffffffffn, "unused"],
      [0xffffc90000000000n, 0xffffe8ffffffffffn, "vmalloc"],
      [0xffffea0000000000n, 0xffffeaffffffffffn, "vmemmap"],
      [0xffffec0000000000n, 0xfffffbffffffffffn, "unused"],
      [0xfffffe0000000000n, 0xfffffe7fffffffffn, "cpu-entry-area"],
      [0xffffff0000000000n, 0xffffff7fffffffffn, "esp-fixup"],
      [0xffffffef00000000n, 0xfffffffeffffffffn, "efi"],
      [0xffffffff80000000n, 0xffffffff9fffffffn, "kernel-text"],
      [0xffffffffa0000000n, 0xfffffffffeffffffn, "modules"],
      [0xffffffffff57c000n, 0xffffffffff5fffffn, "fixmap"],
      [0xffffffffff600000n, 0xffffffffff600fffn, "vsyscall"],
      [0xffffffffff601000n, 0xffffffffffffffffn, "unused"],
    ];
    for (const [first, last, name] of rows) {
      expect(region(l, first), first.toString(16)).toBe(name);
      expect(region(l, last), last.toString(16)).toBe(name);
    }
    expect(classifyX8664(l, 0xffffc90000001234n)).toEqual({
      region: "vmalloc",
      start: 0xffffc90000000000n,
      end: 0xffffe90000000000n,
    });
  });

  it("maps the KASAN shadow only with CONFIG_KASAN, and keeps KASLR below it then", () => {
    expect(region(layoutX8664({ kasan: true }), 0xffffec0000000000n)).toBe("kasan-shadow");
    expect(region(layoutX8664({ kasan: true }), 0xfffffbffffffffffn)).toBe("kasan-shadow");
    expect(() => layoutX8664({ kasan: true, vmemmapBase: 0xfffff00000000000n })).toThrow(RangeError);
    expect(region(layoutX8664({ vmemmapBase: 0xfffff00000000000n }), 0xfffff00000000000n)).toBe("vmemmap");
  });

  it("moves the KASLR regions and rejects bases no kernel would choose", () => {
    const k = layoutX8664({
      pageOffsetBase: 0xffff898000000000n,
      vmallocBase: 0xffffc9c000000000n,
      kernelImageBytes: 1n << 30n,
    });
    expect(region(k, 0xffff898000000000n)).toBe("direct-map");
    expect(region(k, 0xffffc9bfffffffffn)).toBe("unused");
    expect(region(k, 0xffff888000000000n)).toBe("unused");
    expect(region(k, 0xffffffffbfffffffn)).toBe("kernel-text");
    expect(region(k, 0xffffffffc0000000n)).toBe("modules");
    expect(() => layoutX8664({ pageOffsetBase: 0xffff888000001000n })).toThrow(RangeError);
    expect(() => layoutX8664({ vmallocBase: 0xffff888000000000n })).toThrow(/out of order/);
    expect(() => layoutX8664({ pageOffsetBase: 0xffff880000000000n })).toThrow(RangeError);
  });

  it("__pa follows both branches of __phys_addr_nodebug (facts §5 E6)", () => {
    const withBase = layoutX8664({ physBase: 0x1000000n });
    expect(paX8664(withBase, 0xffffffff81000000n)).toBe(0x2000000n);
    expect(paX8664(l, 0xffffffff81000000n)).toBe(0x1000000n);
    expect(paX8664(l, 0xffff888000000000n)).toBe(0n);
    expect(paX8664(l, 0xffff888123456789n)).toBe(0x123456789n);
    expect(findPaX8664(l, 0xffffc90000000000n)).toBeNull();
    expect(findPaX8664(l, 0x00007fff00000000n)).toBeNull();
    expect(findPaX8664(withBase, 0xffffffff9fffffffn)).toBe(0x20ffffffn);
  });

  it("__va adds PAGE_OFFSET, and __pa(__va(p)) is p", () => {
    expect(vaX8664(l, 0x1000n)).toBe(0xffff888000001000n);
    expect(findVaX8664(l, 64n * TB)).toBeNull();
    expect(findVaX8664(l, 64n * TB - 1n)).toBe(0xffffc87fffffffffn);
    const rng = createRng("pa-va");
    for (let i = 0; i < 500; i++) {
      const p = (BigInt(rng.nextU32()) << 14n) | BigInt(rng.nextU32() & 0x3fff);
      expect(paX8664(l, vaX8664(l, p))).toBe(p);
    }
  });
});

describe("layoutX8664, 5-level (mm.rst, LA57)", () => {
  const l = layoutX8664({ levels: 5 });

  it("classifies the 57-bit rows and keeps the shared top", () => {
    const rows: [bigint, bigint, string][] = [
      [0x0000000000000000n, 0x00ffffffffffffffn, "user"],
      [0x0100000000000000n, 0xfeffffffffffffffn, "non-canonical"],
      [0xff00000000000000n, 0xff0fffffffffffffn, "guard-hole"],
      [0xff10000000000000n, 0xff10ffffffffffffn, "ldt-remap"],
      [0xff11000000000000n, 0xff90ffffffffffffn, "direct-map"],
      [0xff91000000000000n, 0xff9fffffffffffffn, "unused"],
      [0xffa0000000000000n, 0xffd1ffffffffffffn, "vmalloc"],
      [0xffd2000000000000n, 0xffd3ffffffffffffn, "unused"],
      [0xffd4000000000000n, 0xffd5ffffffffffffn, "vmemmap"],
      [0xffd6000000000000n, 0xfffffdffffffffffn, "unused"],
      [0xfffffe0000000000n, 0xfffffe7fffffffffn, "cpu-entry-area"],
      [0xffffffff80000000n, 0xffffffff9fffffffn, "kernel-text"],
    ];
    for (const [first, last, name] of rows) {
      expect(region(l, first), first.toString(16)).toBe(name);
      expect(region(l, last), last.toString(16)).toBe(name);
    }
    expect(region(layoutX8664({ levels: 5, kasan: true }), 0xffdf000000000000n)).toBe("kasan-shadow");
    expect(vaX8664(l, 0n)).toBe(0xff11000000000000n);
    expect(paX8664(l, 0xff11000000001000n)).toBe(0x1000n);
  });
});

describe("layoutX8664 agrees with classify-address's own table (spec-layouts.ts)", () => {
  const simLayout = (w: X8664LayoutWire) =>
    layoutX8664({
      pageOffsetBase: BigInt(w.pageOffsetBase),
      vmallocBase: BigInt(w.vmallocBase),
      vmemmapBase: BigInt(w.vmemmapBase),
      kernelImageBytes: BigInt(w.kernelImageBytes),
      fixaddrStart: BigInt(w.fixaddrStart),
    });

  it("on every region boundary of the default layout and of 200 KASLR layouts", () => {
    const rng = createRng("agree");
    const wires = [x8664Layout(), ...Array.from({ length: 200 }, (_, i) => randomKaslrLayout(rng.fork(`${i}`)))];
    let edges = 0;
    for (const wire of wires) {
      const l = simLayout(wire);
      for (const row of fullTable(wire)) {
        for (const va of [row.start, row.end - 1n]) {
          expect(region(l, va), `${va.toString(16)} in ${JSON.stringify(wire)}`).toBe(row.region);
          edges++;
        }
        const ours = classifyX8664(l, row.start);
        // Our rows split classify-address's "unused" only where it does: the bounds agree exactly.
        expect([ours.start, ours.end]).toEqual([row.start, row.end]);
      }
    }
    expect(edges).toBeGreaterThan(200 * 30);
  });
});
