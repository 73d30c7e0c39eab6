import { describe, expect, it } from "vitest";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry } from "../../../../../kit/testing/judge-group";
import { createRng, layoutI386 } from "../../../../../../sim/index";
import { adapter, LAYOUT_FIELDS, toLayout, type Config, type Layout } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import { config, GB, MB, randomConfig } from "./spec-configs";
import * as starter from "./starter";

/** The independent oracle: sim's layoutI386, in the exercise's shape. */
function oracle(c: Config): Layout {
  const l = layoutI386({
    pageOffset: c.pageOffset,
    ramBytes: c.ramBytes,
    vmallocBytes: c.vmallocBytes ?? undefined,
    pae: c.pae,
    era: c.era,
    fixaddrStart: c.fixaddrStart,
  });
  return {
    maxmemBytes: l.maxmemBytes,
    lowmemBytes: l.lowmemBytes,
    highMemory: l.highMemory,
    highmemBytes: l.highmemBytes,
    vmallocStart: l.vmallocStart,
    vmallocEnd: l.vmallocEnd,
    pkmapBase: l.pkmapBase,
    pkmapEnd: l.pkmapEnd,
    zones: l.zones.map((z) => ({ ...z })),
  };
}

/** Checks are judged against the oracle, through the adapter and spec.compare. */
const { expectCheckBasics, expectPassedBy, checks, mistakes, expectAllFailedBy } = exerciseTests(
  { spec, adapter, hiddenChecks },
  (_fixture, c) => oracle(c.input.config as Config),
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus", "learner-ken"];

describe("layout-i386 reference solution", () => {
  it("agrees with sim's layoutI386 on 3000 random configurations", () => {
    for (let i = 0; i < 3000; i++) {
      const c = randomConfig(createRng(`property ${i}`));
      expect(solution.computeLayout(c), JSON.stringify(c)).toEqual(oracle(c));
    }
  });

  it("reproduces the boot logs and the facts file's numbers", () => {
    // Linux 2.6.24, 2 GB: lowmem 0xc0000000 - 0xf8000000 (896 MB), vmalloc 0xf8800000 - 0xff7fe000.
    const old = solution.computeLayout(config({ ramBytes: 2 * GB, era: "2.6" }));
    expect(old).toMatchObject({ maxmemBytes: 896 * MB, highMemory: 0xf8000000, vmallocStart: 0xf8800000 });
    expect(old).toMatchObject({ vmallocEnd: 0xff7fe000, pkmapBase: 0xff800000, pkmapEnd: 0xffc00000 });
    // Linux 2.6.24 with 0x1f780000 of RAM: lowmem 0xc0000000 - 0xdf780000, vmalloc 0xe0000000 - 0xff7fe000, as
    // include/asm-x86/pgtable_32.h's (high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1) rounds it.
    const eee = solution.computeLayout(config({ ramBytes: 0x1f780000, era: "2.6" }));
    expect(eee).toMatchObject({ highMemory: 0xdf780000, vmallocStart: 0xe0000000, vmallocEnd: 0xff7fe000 });
    expect(solution.computeLayout(config({ ramBytes: 0x1f780000 })).vmallocStart).toBe(0xdff80000);
    // parse_vmalloc: vmalloc=256M is the whole reserve up to 2.6.27, 256 MB + VMALLOC_OFFSET from 2.6.28.
    expect(solution.computeLayout(config({ ramBytes: 2 * GB, vmallocBytes: 256 * MB, era: "2.6" })).maxmemBytes).toBe(
      768 * MB,
    );
    const current = solution.computeLayout(config({ ramBytes: 2 * GB, era: "3.x" }));
    expect(current).toMatchObject({ highMemory: 0xf77fe000, vmallocStart: 0xf7ffe000, vmallocEnd: 0xff7fe000 });
    expect(current.vmallocEnd - current.vmallocStart).toBe(120 * MB);
    const small = solution.computeLayout(config({ ramBytes: 512 * MB }));
    expect(small).toMatchObject({ highMemory: 0xe0000000, vmallocStart: 0xe0800000, highmemBytes: 0 });
    expect(small.zones.map((z) => z.name)).toEqual(["DMA", "Normal"]);
    const pae = solution.computeLayout(config({ ramBytes: 8 * GB, pae: true }));
    expect(pae.pkmapEnd - pae.pkmapBase).toBe(2 * MB);
    expect(pae.pkmapBase % (2 * MB)).toBe(0);
    expect(solution.computeLayout(config({ ramBytes: 8 * GB })).highmemBytes + 0x377fe000).toBe(4 * GB);
  });
});

describe("layout-i386 checks", () => {
  it("give exactly settings.points, with deterministic public data that depends on the seed", () => {
    expectCheckBasics({ seededPublic: 2, seededHidden: -1 });
  });

  it("cover what facts §5 E6 asks for", () => {
    const configs = checks("coverage").flatMap((g) => g.cases.map((c) => c.input.config as Config));
    const has = (p: (c: Config) => boolean) => expect(configs.some(p)).toBe(true);
    has((c) => c.ramBytes === 512 * MB && c.pageOffset === 0xc0000000);
    has((c) => c.ramBytes === 1 * GB);
    has((c) => c.ramBytes === 4 * GB);
    has((c) => c.pageOffset === 0x80000000);
    has((c) => c.pageOffset === 0x40000000);
    has((c) => c.vmallocBytes !== null);
    has((c) => c.pae);
    has((c) => c.era === "2.6");
    has((c) => c.era === "3.x");
  });

  it("are all passed by the reference solution, judged through the adapter", () => {
    expectPassedBy(solution.computeLayout, SEEDS);
  });

  it("are failed by the starter code, every one of them", () => {
    expectAllFailedBy(starter.computeLayout, checks("starter"));
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes<(c: Config) => Layout>();
    const tweak = (f: (l: Layout, c: Config) => Partial<Layout>) => (c: Config) => {
      const l = solution.computeLayout(c);
      return { ...l, ...f(l, c) };
    };
    // Forgetting the 8 MB guard before vmalloc space.
    expect(
      failsOn(
        "No highmem",
        tweak((l) => ({ vmallocStart: l.highMemory })),
      ),
    ).toMatch(/vmallocStart \(VMALLOC_START\): you returned 0xe0000000, expected 0xe0800000/);
    // A non-PAE kernel that uses RAM above 4 GB.
    const uncapped = (c: Config) =>
      solution.computeLayout({ ...c, pae: c.pae || c.ramBytes > 4 * GB, fixaddrStart: c.fixaddrStart });
    expect(
      failsOn("1 GB, 3.5 GB", (c) => ({ ...solution.computeLayout(c), highmemBytes: uncapped(c).highmemBytes })),
    ).toMatch(/at most 4 GB/);
    // A fixed 3G/1G split.
    expect(failsOn("Every split", (c) => solution.computeLayout({ ...c, pageOffset: 0xc0000000 }))).not.toBe("");
    // vmalloc= taken as the whole reserve, without the 8 MB guard.
    const noGuard = (c: Config) =>
      solution.computeLayout({ ...c, vmallocBytes: c.vmallocBytes === null ? null : c.vmallocBytes - 8 * MB });
    expect(failsOn("vmalloc=", noGuard)).toMatch(/vmalloc= \+ VMALLOC_OFFSET/);
    // vmalloc= with the 8 MB guard on a kernel that did not add it yet (2.6.27 and older).
    const guardAlways = (c: Config) =>
      solution.computeLayout(
        c.era === "2.6" && c.vmallocBytes !== null ? { ...c, vmallocBytes: c.vmallocBytes + 8 * MB } : c,
      );
    expect(failsOn("vmalloc=", guardAlways)).toMatch(/2.6.27 and older add no guard to it/);
    // VMALLOC_START = high_memory + 8 MB on an old kernel too.
    const noRounding = tweak((l) => ({ vmallocStart: l.highMemory + 8 * MB }));
    expect(failsOn("VMALLOC_START", noRounding)).toMatch(
      /vmallocStart \(VMALLOC_START\): you returned 0xdff80000, expected 0xe0000000\. Hint: A 2.6 kernel \(2.6.27 and older\) rounds VMALLOC_START up/,
    );
    // PAE's window sized and aligned as without PAE.
    const nonPaeWindow = tweak((_l, c) => {
      const { pkmapBase, pkmapEnd } = solution.computeLayout({ ...c, pae: false });
      return { pkmapBase, pkmapEnd };
    });
    expect(failsOn("PAE", nonPaeWindow)).toMatch(/with PAE LAST_PKMAP is 512 and a PMD covers 2 MB/);
    // The old MAXMEM formula on a new kernel.
    expect(failsOn("Every split", (c) => solution.computeLayout({ ...c, era: "2.6" }))).toMatch(
      /A 3.x kernel \(2.6.28 on\) has MAXMEM = VMALLOC_END/,
    );
  });
});

describe("layout-i386 messages speak to the learner", () => {
  const c = config({ ramBytes: 512 * MB });
  const right = solution.computeLayout(c);
  const message = (actual: Layout) => {
    const verdict = spec.compare({ config: c }, right, actual);
    return verdict.pass ? "" : verdict.message;
  };

  it("names the configuration, every wrong field with both values, and the formula with the case's numbers", () => {
    expect(message(right)).toBe("");
    expect(message({ ...right, vmallocStart: 0xe0000000 })).toBe(
      "VMSPLIT_3G (PAGE_OFFSET 0xc0000000), 512 MB of RAM, no vmalloc=, no PAE, 3.x kernel, FIXADDR_START 0xfff16000: " +
        "vmallocStart (VMALLOC_START): you returned 0xe0000000, expected 0xe0800000. " +
        "Hint: VMALLOC_START = high_memory + VMALLOC_OFFSET (an 8 MB guard) = 0xe0000000 + 0x00800000.",
    );
    expect(message({ ...right, maxmemBytes: 896 * MB })).toMatch(
      /maxmemBytes \(MAXMEM\): you returned 896 MB, expected 887.99 MB \(0x377fe000\)\. Hint: A 3.x kernel \(2.6.28 on\) has MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE, with __VMALLOC_RESERVE = 128 MB: 0xff7fe000 - 0xc0000000 - 0x08000000 = 0x377fe000\./,
    );
    expect(message({ ...right, zones: [] })).toMatch(
      /zones: you returned no zones, expected DMA 0x00000000-0x01000000, Normal/,
    );
  });

  it("explains the signed-bitwise trap", () => {
    expect(message({ ...right, pkmapBase: right.pkmapBase | 0 })).toMatch(
      /pkmapBase \(PKMAP_BASE\): you returned -0x800000.*signed 32-bit/,
    );
  });
});

describe("layout-i386 adapter", () => {
  const group = spec.publicChecks("adapter")[0] as CheckGroup;
  const prepared = adapter.prepare(group.fixtures[0] as CheckGroup["fixtures"][number]);
  const input = group.cases[0]?.input ?? {};
  const call = (f: unknown) => () => adapter.call(asEntry(f), prepared, input);

  it("hands the learner a fresh configuration object for every call and copies the answer out", () => {
    const seen: Config[] = [];
    const spy = (c: Config) => {
      seen.push(c);
      const l = solution.computeLayout(c);
      c.ramBytes = 0;
      return { ...l, extra: "ignored" };
    };
    const answer = adapter.call(asEntry(spy), prepared, input);
    adapter.call(asEntry(spy), prepared, input);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[1]?.ramBytes).toBe(0);
    expect(Object.keys(answer as object).sort()).toEqual([...LAYOUT_FIELDS, "zones"].sort());
  });

  it("rejects answers that are not layouts with a clear error", () => {
    const good = solution.computeLayout(config({ ramBytes: 512 * MB }));
    expect(call(() => undefined)).toThrow(/computeLayout returned undefined; return an object with maxmemBytes/);
    expect(call(async () => good)).toThrow(/Promise/);
    expect(call(() => ({ ...good, highMemory: "0xe0000000" }))).toThrow(
      /highMemory = "0xe0000000"; it must be an integer/,
    );
    expect(call(() => ({ ...good, lowmemBytes: 1.5 }))).toThrow(/lowmemBytes = 1.5/);
    expect(call(() => ({ ...good, pkmapBase: 0xff800000n }))).toThrow(/a bigint; return a number/);
    expect(call(() => ({ ...good, zones: undefined }))).toThrow(/zones = undefined/);
    expect(call(() => ({ ...good, zones: [{ name: "Highmem", startPhys: 0, endPhys: 1 }] }))).toThrow(
      /"DMA", "Normal" or "HighMem"/,
    );
    expect(toLayout({ ...good, pkmapBase: -1 }).pkmapBase).toBe(-1);
  });
});
