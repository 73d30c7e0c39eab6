import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry } from "../../../../../kit/testing/judge-group";
import { createRng, isCanonicalHalves, layoutI386 } from "../../../../../../sim/index";
import { adapter, toLayout, type LayoutWire, type Region } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import {
  findRow,
  i386Layout,
  namedRegions,
  randomI386Options,
  randomKaslrLayout,
  sampleAddresses,
  x8664Layout,
} from "./spec-layouts";
import * as starter from "./starter";

/** Checks are judged against the spec's own table, through the adapter and spec.compare. */
const { expectCheckBasics, expectPassedBy, checks, mistakes, expectAllFailedBy } = exerciseTests(
  { spec, adapter, hiddenChecks },
  (_fixture, c) => {
    const { layout, address } = c.input as { layout: LayoutWire; address: string };
    return findRow(layout, BigInt(address)).region;
  },
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus", "learner-ken"];
const classify = (layout: LayoutWire, address: bigint) => solution.classify(toLayout(layout), address);

describe("classify-address reference solution", () => {
  it("agrees with the spec's table on every region edge and random addresses of many seeded layouts", () => {
    for (let i = 0; i < 40; i++) {
      const rng = createRng(`property ${i}`);
      for (const layout of [i386Layout(randomI386Options(rng.fork("i386"))), randomKaslrLayout(rng.fork("x86"))]) {
        for (const address of sampleAddresses(rng.fork("addresses"), layout, 200)) {
          expect(classify(layout, address), `${address.toString(16)} in ${JSON.stringify(layout)}`).toBe(
            findRow(layout, address).region,
          );
        }
      }
    }
  });

  it("calls an address non-canonical exactly when sim's canonical check says so (any 64-bit value)", () => {
    const layout = x8664Layout();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (address) => {
        expect(classify(layout, address) === "non-canonical").toBe(!isCanonicalHalves(Number(address >> 32n), false));
      }),
      { numRuns: 3000, seed: 0x47 },
    );
  });

  it("puts the i386 boundaries where sim's layoutI386 computes them", () => {
    for (let i = 0; i < 60; i++) {
      const options = randomI386Options(createRng(`layout ${i}`));
      const l = layoutI386(options);
      const layout = i386Layout(options);
      const at = (va: number) => classify(layout, BigInt(va));
      expect(at(l.pageOffset - 1)).toBe("user");
      expect(at(l.pageOffset)).toBe("direct-map");
      expect(at(l.highMemory - 1)).toBe("direct-map");
      expect(at(l.highMemory)).toBe("unused");
      expect(at(l.vmallocStart - 1)).toBe("unused");
      expect(at(l.vmallocStart)).toBe("vmalloc");
      expect(at(l.vmallocEnd - 1)).toBe("vmalloc");
      expect(at(l.pkmapBase)).toBe("pkmap");
      expect(at(l.pkmapEnd - 1)).toBe("pkmap");
      expect(at(l.fixaddrStart)).toBe("fixmap");
      expect(at(l.fixaddrTop - 1)).toBe("fixmap");
      expect(at(l.fixaddrTop)).toBe("unused");
    }
  });

  it("classifies the facts file's addresses", () => {
    const x86 = x8664Layout();
    expect(classify(x86, 0x00007ffffffff000n)).toBe("user");
    expect(classify(x86, 0x0000800000000000n)).toBe("non-canonical");
    expect(classify(x86, 0xffff7fffffffffffn)).toBe("non-canonical");
    expect(classify(x86, 0xffff888000000000n)).toBe("direct-map");
    expect(classify(x86, 0xffffffff80000000n)).toBe("kernel-text");
    expect(classify(x86, 0xffffffffff600000n)).toBe("vsyscall");
    const small = i386Layout({ pageOffset: 0xc0000000, ramBytes: 512 * 2 ** 20 });
    expect(classify(small, 0xe0800000n)).toBe("vmalloc");
    expect(classify(small, 0xe07fffffn)).toBe("unused");
    const old = i386Layout({ pageOffset: 0xc0000000, ramBytes: 2048 * 2 ** 20, era: "2.6" });
    expect(classify(old, 0xf7ffffffn)).toBe("direct-map"); // 896 MB of lowmem
    expect(classify(old, 0xf8800000n)).toBe("vmalloc");
  });

  it("never sees overlapping regions in any generated layout", () => {
    for (let i = 0; i < 200; i++) {
      const rng = createRng(`overlap ${i}`);
      expect(() => namedRegions(randomKaslrLayout(rng))).not.toThrow();
      expect(() => namedRegions(i386Layout(randomI386Options(rng)))).not.toThrow();
    }
  });
});

describe("classify-address checks", () => {
  it("give exactly settings.points, with deterministic public data that depends on the seed", () => {
    expectCheckBasics({ seededPublic: 3 });
  });

  it("are all passed by the reference solution, judged through the adapter", () => {
    expectPassedBy(solution.classify, SEEDS);
  });

  it("are failed by the starter code, every one of them", () => {
    expectAllFailedBy(starter.classify, checks("starter", "starter"));
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes<(layout: solution.Layout, address: bigint) => Region>();
    // Ignoring KASLR: the documented bases instead of the layout's.
    const fixedBases = (layout: solution.Layout, address: bigint): Region =>
      solution.classify(
        layout.arch === "x86_64"
          ? {
              ...layout,
              pageOffsetBase: 0xffff888000000000n,
              vmallocBase: 0xffffc90000000000n,
              vmemmapBase: 0xffffea0000000000n,
            }
          : layout,
        address,
      );
    expect(failsOn("x86-64: KASLR-moved bases, the first and last byte of each moved region", fixedBases)).toMatch(
      /KASLR moved this layout's bases/,
    );
    // The user half ending at TASK_SIZE_MAX instead of at the canonical boundary.
    const taskSize = (layout: solution.Layout, address: bigint): Region =>
      layout.arch === "x86_64" && address >= 0x00007ffffffff000n && address < 0x0000800000000000n
        ? "unused"
        : solution.classify(layout, address);
    expect(failsOn("x86-64: canonical boundaries, the top user page and the vsyscall page", taskSize)).not.toBe("");
    // Forgetting the 8 MB VMALLOC_OFFSET guard.
    const noGuard = (layout: solution.Layout, address: bigint): Region => {
      const region = solution.classify(layout, address);
      if (layout.arch !== "i386" || region !== "unused") return region;
      const lowmem = layout.ramBytes < layout.maxmemBytes ? layout.ramBytes : layout.maxmemBytes;
      return address >= layout.pageOffset + lowmem && address < layout.vmallocEnd ? "vmalloc" : region;
    };
    expect(failsOn("i386: 512 MB vs 4 GB of RAM, old and new MAXMEM, PAE's 2 MB kmap window", noGuard)).toMatch(
      /vmalloc starts 8 MB \(VMALLOC_OFFSET\) above it, at 0xe0800000/,
    );
    // Ignoring RAM: the direct map always MAXMEM long.
    const ignoreRam = (layout: solution.Layout, address: bigint): Region =>
      solution.classify(layout.arch === "i386" ? { ...layout, ramBytes: layout.maxmemBytes } : layout, address);
    expect(failsOn("i386: 512 MB vs 4 GB of RAM, old and new MAXMEM, PAE's 2 MB kmap window", ignoreRam)).not.toBe("");
    // A fixed 3G/1G split.
    const fixedSplit = (layout: solution.Layout, address: bigint): Region =>
      layout.arch === "i386" && address < 0xc0000000n ? "user" : solution.classify(layout, address);
    expect(failsOn("i386: the first and last byte of every region with VMSPLIT_3G, 2G and 1G", fixedSplit)).not.toBe(
      "",
    );
    // Inclusive ends.
    const inclusiveEnds = (layout: solution.Layout, address: bigint): Region =>
      address > 0n &&
      solution.classify(layout, address - 1n) !== "unused" &&
      solution.classify(layout, address) === "unused"
        ? solution.classify(layout, address - 1n)
        : solution.classify(layout, address);
    expect(failsOn("x86-64: the first and last byte of every region (no KASLR)", inclusiveEnds)).not.toBe("");
  });
});

describe("classify-address messages speak to the learner", () => {
  const x86 = x8664Layout();
  const message = (layout: LayoutWire, address: bigint, expected: Region, actual: Region) => {
    const verdict = spec.compare({ layout, address: "0x" + address.toString(16) }, expected, actual);
    return verdict.pass ? "" : verdict.message;
  };

  it("says the address, the layout's numbers, the answer and the right region with its bounds", () => {
    expect(message(x86, 0xffff888000001000n, "direct-map", "direct-map")).toBe("");
    expect(message(x86, 0xffff888000001000n, "direct-map", "vmalloc")).toBe(
      "0xffff888000001000 on x86-64 with page_offset_base 0xffff888000000000, vmalloc_base 0xffffc90000000000: " +
        "you said vmalloc, it is the direct map, 0xffff888000000000 to 0xffffc87fffffffff.",
    );
  });

  it("hints at the classic mistakes", () => {
    expect(message(x86, 0x0000800000000000n, "non-canonical", "user")).toMatch(/bits 63:47 must all equal bit 47/);
    expect(message(x86, 0x00007ffffffff000n, "user", "unused")).toMatch(/the top page \(0x00007ffffffff000\) included/);
    expect(message(x86, 0xffffffffa0000000n, "modules", "kernel-text")).toMatch(
      /modules start right after it, at 0xffffffffa0000000/,
    );
    const kaslr = randomKaslrLayout(createRng("kaslr"));
    expect(message(kaslr, BigInt(kaslr.vmallocBase), "vmalloc", "unused")).toMatch(/KASLR moved/);
    const small = i386Layout({ pageOffset: 0xc0000000, ramBytes: 512 * 2 ** 20 });
    expect(message(small, 0xe0000000n, "unused", "direct-map")).toMatch(
      /^0xe0000000 on i386 with PAGE_OFFSET 0xc0000000, 512 MB of RAM, MAXMEM 0x377fe000 bytes: you said direct-map, it is in no region \(unused: the gap 0xe0000000 to 0xe07fffff\)\. Hint: .*high_memory = PAGE_OFFSET \+ min\(RAM, MAXMEM\) = 0xe0000000/,
    );
    expect(message(small, 0xbfffffffn, "user", "direct-map")).toMatch(/here it ends at 0xbfffffff/);
  });
});

describe("classify-address adapter", () => {
  const group = spec.publicChecks("adapter")[0] as CheckGroup;
  const prepared = adapter.prepare(group.fixtures[0] as CheckGroup["fixtures"][number]);
  const input = group.cases[0]?.input ?? {};

  it("hands the learner bigints in a fresh layout object for every call", () => {
    const seen: unknown[] = [];
    const spy = asEntry((layout: solution.Layout, address: bigint) => {
      seen.push(layout);
      expect(typeof address).toBe("bigint");
      expect(Object.values(layout).filter((v) => typeof v === "bigint")).toHaveLength(8);
      (layout as { pageOffset: bigint }).pageOffset = 0n;
      return "user";
    });
    expect(adapter.call(spy, prepared, input)).toBe("user");
    adapter.call(spy, prepared, input);
    expect(seen[0]).not.toBe(seen[1]);
    expect((seen[1] as { pageOffset: bigint }).pageOffset).toBe(0n);
    expect(toLayout(input.layout)).toMatchObject({ pageOffset: 0xc0000000n });
  });

  it("rejects answers that are not region names with a clear error", () => {
    const call = (f: unknown) => () => adapter.call(asEntry(f), prepared, input);
    expect(call(() => "Vmalloc")).toThrow(
      /classify returned "Vmalloc"; return one of the region names: user, non-canonical/,
    );
    expect(call(() => undefined)).toThrow(/classify returned undefined/);
    expect(call(() => ({ region: "user" }))).toThrow(/classify returned an object/);
    expect(call(async () => "user")).toThrow(/Promise/);
  });
});
