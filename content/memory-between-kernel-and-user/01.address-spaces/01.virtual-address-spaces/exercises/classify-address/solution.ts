// The reference classifier, written with nothing but what a learner has: the layout's numbers and the facts of
// the lesson. It reasons from the bottom of the address space upwards instead of looking rows up in a table.

export type Region =
  | "user"
  | "non-canonical"
  | "guard-hole"
  | "ldt-remap"
  | "direct-map"
  | "vmalloc"
  | "vmemmap"
  | "cpu-entry-area"
  | "esp-fixup"
  | "efi"
  | "kernel-text"
  | "modules"
  | "pkmap"
  | "fixmap"
  | "vsyscall"
  | "unused";

export interface I386Layout {
  arch: "i386";
  pageOffset: bigint;
  ramBytes: bigint;
  maxmemBytes: bigint;
  vmallocEnd: bigint;
  pkmapBase: bigint;
  lastPkmap: bigint;
  fixaddrStart: bigint;
  fixaddrTop: bigint;
}

export interface X8664Layout {
  arch: "x86_64";
  pageOffsetBase: bigint;
  vmallocBase: bigint;
  vmemmapBase: bigint;
  kernelImageBytes: bigint;
  fixaddrStart: bigint;
}

export type Layout = I386Layout | X8664Layout;

const PAGE_SIZE = 4096n;
const VMALLOC_OFFSET = 8n << 20n;
const TB = 1n << 40n;

/** Which region of `layout` holds `address` (a 32-bit address on i386, a 64-bit one on x86-64). */
export function classify(layout: Layout, address: bigint): Region {
  return layout.arch === "i386" ? classifyI386(layout, address) : classifyX8664(layout, address);
}

function classifyI386(l: I386Layout, va: bigint): Region {
  if (va < l.pageOffset) return "user";
  // Lowmem is all the RAM the direct map can hold: the kernel maps physical p at PAGE_OFFSET + p.
  const lowmem = l.ramBytes < l.maxmemBytes ? l.ramBytes : l.maxmemBytes;
  const highMemory = l.pageOffset + lowmem;
  if (va < highMemory) return "direct-map";
  if (va >= highMemory + VMALLOC_OFFSET && va < l.vmallocEnd) return "vmalloc";
  if (va >= l.pkmapBase && va < l.pkmapBase + l.lastPkmap * PAGE_SIZE) return "pkmap";
  if (va >= l.fixaddrStart && va < l.fixaddrTop) return "fixmap";
  return "unused";
}

/** [start, end) of the regions whose place is fixed by Documentation/arch/x86/x86_64/mm.rst. */
const FIXED_X86_64: [Region, bigint, bigint][] = [
  ["guard-hole", 0xffff800000000000n, 0xffff880000000000n],
  ["ldt-remap", 0xffff880000000000n, 0xffff888000000000n],
  ["cpu-entry-area", 0xfffffe0000000000n, 0xfffffe8000000000n],
  ["esp-fixup", 0xffffff0000000000n, 0xffffff8000000000n],
  ["efi", 0xffffffef00000000n, 0xffffffff00000000n],
  ["vsyscall", 0xffffffffff600000n, 0xffffffffff601000n],
];

function classifyX8664(l: X8664Layout, va: bigint): Region {
  // Canonical: bits 63:47 all equal to bit 47. Bit 47 clear means the user half, set means the kernel half.
  const top17 = va >> 47n;
  if (top17 === 0n) return "user";
  if (top17 !== 0x1ffffn) return "non-canonical";

  const within = (base: bigint, size: bigint) => va >= base && va - base < size;
  for (const [region, start, end] of FIXED_X86_64) if (va >= start && va < end) return region;
  // KASLR moves these three bases; their sizes stay.
  if (within(l.pageOffsetBase, 64n * TB)) return "direct-map";
  if (within(l.vmallocBase, 32n * TB)) return "vmalloc";
  if (within(l.vmemmapBase, 1n * TB)) return "vmemmap";
  const startKernelMap = 0xffffffff80000000n;
  const modulesVaddr = startKernelMap + l.kernelImageBytes;
  if (va >= startKernelMap && va < modulesVaddr) return "kernel-text";
  if (va >= modulesVaddr && va < 0xffffffffff000000n) return "modules";
  if (va >= l.fixaddrStart && va < 0xffffffffff600000n) return "fixmap";
  return "unused";
}
