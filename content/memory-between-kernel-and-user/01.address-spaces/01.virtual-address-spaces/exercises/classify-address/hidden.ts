import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import type { LayoutWire } from "./adapter";
import { checkGroup, on, WELL_KNOWN_X86_64 } from "./spec";
import {
  DIRECT_MAP_SIZE,
  edgeAddresses,
  i386Layout,
  randomI386Options,
  randomKaslrLayout,
  sampleAddresses,
  VMALLOC_SIZE,
  VMEMMAP_SIZE,
  X86_64_DEFAULTS,
} from "./spec-layouts";

// Server only: the edge cases of facts §1.6, §2.1 and §2.2 (every region's first and last byte, the canonical
// boundaries, KASLR-moved bases, the i386 splits and RAM sizes), and a differential check on fresh layouts.

const MB = 1 << 20;

function x8664Edges(): CheckGroup {
  return checkGroup(
    "x86-64: the first and last byte of every region (no KASLR)",
    1,
    "hidden",
    on(WELL_KNOWN_X86_64, edgeAddresses(WELL_KNOWN_X86_64)),
  );
}

function canonicalBoundaries(): CheckGroup {
  return checkGroup(
    "x86-64: canonical boundaries, the top user page and the vsyscall page",
    1,
    "hidden",
    on(WELL_KNOWN_X86_64, [
      0x0000000000000000n,
      0x00007ffffffff000n,
      0x00007fffffffffffn,
      0x0000800000000000n,
      0x0000800000000001n,
      0x7fffffffffffffffn,
      0x8000000000000000n,
      0xffff7fffffffffffn,
      0xffff800000000000n,
      0xffffffffff5fffffn,
      0xffffffffff600000n,
      0xffffffffff600fffn,
      0xffffffffff601000n,
      0xffffffffffffffffn,
    ]),
  );
}

/** Three layouts moved by KASLR: each moved region's edges, the bytes just outside, and the default bases. */
function kaslrBases(seed: string): CheckGroup {
  const rng = createRng(`classify-address hidden kaslr:${seed}`);
  const cases: [LayoutWire, bigint][] = [];
  for (let i = 0; i < 3; i++) {
    const layout = randomKaslrLayout(rng.fork(`layout ${i}`));
    const moved: [start: bigint, size: bigint][] = [
      [BigInt(layout.pageOffsetBase), DIRECT_MAP_SIZE],
      [BigInt(layout.vmallocBase), VMALLOC_SIZE],
      [BigInt(layout.vmemmapBase), VMEMMAP_SIZE],
    ];
    for (const [start, size] of moved) cases.push(...on(layout, [start - 1n, start, start + size - 1n, start + size]));
    cases.push(...on(layout, Object.values(X86_64_DEFAULTS)));
    cases.push(...on(layout, [0xffffffff9fffffffn, 0xffffffffa0000000n, 0xffffffffbfffffffn, 0xffffffffc0000000n]));
  }
  return checkGroup("x86-64: KASLR-moved bases, the first and last byte of each moved region", 1, "hidden", cases);
}

function i386Splits(): CheckGroup {
  const cases: [LayoutWire, bigint][] = [];
  for (const pageOffset of [0xc0000000, 0x80000000, 0x40000000]) {
    const layout = i386Layout({ pageOffset, ramBytes: 1024 * MB });
    cases.push(...on(layout, edgeAddresses(layout)));
  }
  return checkGroup("i386: the first and last byte of every region with VMSPLIT_3G, 2G and 1G", 1, "hidden", cases);
}

function i386Ram(): CheckGroup {
  const layouts = [
    i386Layout({ pageOffset: 0xc0000000, ramBytes: 512 * MB }),
    i386Layout({ pageOffset: 0xc0000000, ramBytes: 4096 * MB }),
    i386Layout({ pageOffset: 0xc0000000, ramBytes: 4096 * MB, era: "2.6" }),
    i386Layout({ pageOffset: 0xc0000000, ramBytes: 4096 * MB, pae: true }),
    i386Layout({ pageOffset: 0x80000000, ramBytes: 512 * MB }),
  ];
  const cases = layouts.flatMap((layout) => on(layout, edgeAddresses(layout)));
  // 512 MB with 3G/1G: no highmem, so high_memory is 0xe0000000 and vmalloc starts at 0xe0800000.
  const small = layouts[0] as LayoutWire;
  cases.push(...on(small, [0xdfffffffn, 0xe0000000n, 0xe07fffffn, 0xe0800000n]));
  return checkGroup("i386: 512 MB vs 4 GB of RAM, old and new MAXMEM, PAE's 2 MB kmap window", 1, "hidden", cases);
}

function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`classify-address hidden:${seed}`);
  const cases: [LayoutWire, bigint][] = [];
  for (let i = 0; i < 3; i++) {
    const i386 = i386Layout(randomI386Options(rng.fork(`i386 ${i}`)));
    const x86 = randomKaslrLayout(rng.fork(`x86-64 ${i}`));
    cases.push(...on(i386, sampleAddresses(rng.fork(`i386 addresses ${i}`), i386, 50)));
    cases.push(...on(x86, sampleAddresses(rng.fork(`x86-64 addresses ${i}`), x86, 50)));
  }
  return checkGroup("Differential: 300 random addresses on six fresh layouts", 1, "hidden", cases);
}

/** The hidden checks for one submission: fixed edge cases, KASLR layouts and a differential from the seed. */
export function hiddenChecks(seed: string): CheckGroup[] {
  return [x8664Edges(), canonicalBoundaries(), kaslrBases(seed), i386Splits(), i386Ram(), freshDifferential(seed)];
}
