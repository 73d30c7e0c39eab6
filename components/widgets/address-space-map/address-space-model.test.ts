import { describe, expect, it } from "vitest";
import {
  addressToY,
  buildRegions,
  findRegion,
  formatBytes,
  layoutBands,
  parseAddress,
  parseMapProps,
  physicalOf,
  yToAddress,
  type MapConfig,
} from "./address-space-model";

const i386: MapConfig = { arch: "i386", split: "3G/1G", ram: 1024, pae: false, era: "3.x" };
const x8664: MapConfig = { ...i386, arch: "x86_64" };
const range = (config: MapConfig, address: bigint) => {
  const r = findRegion(buildRegions(config), address);
  return r && [r.name, r.start, r.end];
};

describe("buildRegions", () => {
  it("covers every byte exactly once, in order", () => {
    for (const config of [i386, x8664, { ...i386, split: "1G/3G", ram: 512, pae: true } as const]) {
      const regions = buildRegions(config);
      expect(regions[0]?.start).toBe(0n);
      expect(regions.at(-1)?.end).toBe(config.arch === "i386" ? 1n << 32n : 1n << 64n);
      regions.slice(1).forEach((r, i) => expect(r.start).toBe(regions[i]?.end));
    }
  });

  it("i386 3G/1G with 1 GB on a ~3.x kernel: the boot log's lowmem, vmalloc and pkmap (facts §2.1)", () => {
    expect(range(i386, 0x08048000n)).toEqual(["user space", 0n, 0xc0000000n]);
    expect(range(i386, 0xc1234567n)).toEqual(["direct map (lowmem)", 0xc0000000n, 0xf77fe000n]);
    expect(range(i386, 0xf7ffe000n)).toEqual(["vmalloc", 0xf7ffe000n, 0xff7fe000n]);
    expect(range(i386, 0xff800000n)).toEqual(["pkmap (kmap window)", 0xff800000n, 0xffc00000n]);
    expect(range(i386, 0xfffff000n)?.[0]).toBe("unused (top page)");
    // 512 MB: no highmem, high_memory = 0xe0000000, vmalloc starts 8 MB above (the lesson's numbers).
    expect(range({ ...i386, ram: 512 }, 0xe0800000n)).toEqual(["vmalloc", 0xe0800000n, 0xff7fe000n]);
    expect(range({ ...i386, ram: 512 }, 0xe0000000n)?.[0]).toBe("VMALLOC_OFFSET guard");
  });

  it("x86-64 4-level from sim's layoutX8664 (facts §2.2)", () => {
    expect(range(x8664, 0x00007ffffffff000n)).toEqual(["user space", 0n, 0x0000800000000000n]);
    expect(range(x8664, 0x0000800000000000n)).toEqual(["non-canonical hole", 0x0000800000000000n, 0xffff800000000000n]);
    expect(range(x8664, 0xffff888000001000n)).toEqual(["direct map", 0xffff888000000000n, 0xffffc88000000000n]);
    expect(range(x8664, 0xffffffff81000000n)).toEqual(["kernel text", 0xffffffff80000000n, 0xffffffffa0000000n]);
    expect(range(x8664, 0xffffffffff600000n)).toEqual(["vsyscall page", 0xffffffffff600000n, 0xffffffffff601000n]);
  });
});

describe("physicalOf", () => {
  it("gives __pa for the direct map and the x86-64 kernel image, null elsewhere (facts §2.1, §2.2)", () => {
    expect(physicalOf(i386, 0xc1234567n)).toBe(0x01234567n);
    expect(physicalOf(i386, 0xf8000000n)).toBeNull();
    expect(physicalOf(x8664, 0xffff888000001000n)).toBe(0x1000n);
    expect(physicalOf(x8664, 0xffffffff81000000n)).toBe(0x1000000n);
    expect(physicalOf(x8664, 0xffffc90000000000n)).toBeNull();
  });
});

describe("the bar's scale", () => {
  it("log keeps the 4 KB vsyscall page visible; linear makes the kernel half a quarter of the i386 bar", () => {
    const log = layoutBands(buildRegions(x8664), "log", 600);
    const vsyscall = log.find((b) => b.region.name === "vsyscall page");
    expect(vsyscall && vsyscall.y1 - vsyscall.y0).toBeGreaterThan(3);
    const linear = layoutBands(buildRegions(i386), "linear", 400);
    const user = linear[0];
    expect(user?.y1).toBe(400);
    expect(user?.y0).toBeCloseTo(100);
  });

  it("goes from an address to a height and back to the same page", () => {
    for (const scale of ["linear", "log"] as const) {
      const bands = layoutBands(buildRegions(i386), scale, 500);
      for (const address of [0x08048800n, 0xc1234567n, 0xf8000800n, 0xff801800n]) {
        const y = addressToY(bands, address);
        expect(y).not.toBeNull();
        expect(yToAddress(bands, y ?? 0)).toBe(address - (address % 4096n));
      }
    }
  });
});

describe("input", () => {
  it("parses addresses per arch and sizes in binary units", () => {
    expect(parseAddress("0xC0000000", "i386")).toEqual({ ok: true, address: 0xc0000000n });
    expect(parseAddress("ffff_8880_0000_1000", "x86_64")).toEqual({ ok: true, address: 0xffff888000001000n });
    expect(parseAddress("0x100000000", "i386").ok).toBe(false);
    expect(formatBytes(4096n)).toBe("4 KB");
    expect(formatBytes(1n << 47n)).toBe("128 TB");
  });
  it("validates MDX props", () => {
    expect(parseMapProps({ arch: "x86_64", scale: "log" })).toMatchObject({
      ok: true,
      config: { arch: "x86_64", scale: "log" },
    });
    expect(parseMapProps({ arch: "i386", split: "2G_OPT", pae: "true" }).ok).toBe(false);
    expect(parseMapProps({ arch: "arm" }).ok).toBe(false);
    expect(parseMapProps({ address: "0x1ffffffff" }).ok).toBe(false);
  });
});
