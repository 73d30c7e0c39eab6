import {
  createRng,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  Mm,
  mmap,
  PAGE_SIZE,
  PageAllocator,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
  type Rng,
} from "../../../sim/index";

// The user address space the stepper copies from: five pages of an x86-64 process, placed by the seed. Two present
// read/write pages, a hole with no VMA, a present read-only page, then a PROT_NONE page (facts §3.3 cases 1 and 2).

/** What one page of the space is, as the picture labels it. */
export interface SpacePage {
  va: number;
  kind: "rw" | "ro" | "hole" | "none";
  label: string;
}

/** The seeded space: where it starts, its pages, and the bytes of every present page. */
export interface StepperSpace {
  seed: string;
  base: number;
  pages: SpacePage[];
  bytes: Map<number, Uint8Array>;
}

const FIXED_ANON = MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS;

/** The space for `seed`: base = 0x7f00_0000_0000 + k * 64 KB, page contents printable ASCII from the seed. */
export function buildStepperSpace(seed: string): StepperSpace {
  const rng = createRng(`${seed}/space`);
  const base = 0x7f0000000000 + rng.int(0, 4095) * 0x10000;
  const pages: SpacePage[] = [
    { va: base, kind: "rw", label: "data, RW" },
    { va: base + PAGE_SIZE, kind: "rw", label: "data, RW" },
    { va: base + 2 * PAGE_SIZE, kind: "hole", label: "no VMA" },
    { va: base + 3 * PAGE_SIZE, kind: "ro", label: "rodata, R" },
    { va: base + 4 * PAGE_SIZE, kind: "none", label: "PROT_NONE" },
  ];
  const content = rng.fork("bytes");
  const bytes = new Map<number, Uint8Array>();
  for (const page of pages) if (page.kind === "rw" || page.kind === "ro") bytes.set(page.va, pageBytes(content));
  return { seed, base, pages, bytes };
}

function pageBytes(rng: Rng): Uint8Array {
  const bytes = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < PAGE_SIZE; i++) bytes[i] = rng.int(0x21, 0x7e);
  return bytes;
}

/** A fresh mm for the space: its VMAs through sim's mmap (MAP_FIXED), its present pages holding their bytes. */
export function buildSpaceMm(space: StepperSpace): Mm {
  const mm = new Mm(new PageAllocator());
  const b = space.base;
  const vmas: [number, number, number][] = [
    [b, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE],
    [b + 3 * PAGE_SIZE, PAGE_SIZE, PROT_READ],
    [b + 4 * PAGE_SIZE, PAGE_SIZE, PROT_NONE],
  ];
  for (const [start, len, prot] of vmas) {
    const mapped = mmap(mm, start, len, prot, FIXED_ANON, null);
    if (!mapped.ok) throw new Error(`stepper space: cannot map 0x${start.toString(16)} (errno ${mapped.errno})`);
  }
  for (const page of space.pages) {
    const data = space.bytes.get(page.va);
    if (data === undefined) continue;
    // A page the process has already touched: its own frame, present, writable only in the RW VMA.
    const frame = mm.pages.alloc("anon");
    mm.pages.bytes(frame.pfn).set(data);
    mm.setPte(page.va, { pfn: frame.pfn, page: frame, writable: page.kind === "rw", present: true });
  }
  return mm;
}

/** The presets the widget offers: a pointer and a length each, chosen for what they show. */
export const PRESET_IDS = [
  "all-mapped",
  "into-unmapped",
  "into-prot-none",
  "kernel-pointer",
  "wrap-around",
  "zero-length",
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  label: string;
  from: bigint;
  n: number;
}

/** Each preset for this space: real boundaries of the seeded layout, and the facts file's kernel pointers. */
export function presetsFor(space: StepperSpace): Preset[] {
  const b = BigInt(space.base);
  const page = BigInt(PAGE_SIZE);
  return [
    { id: "all-mapped", label: "all mapped (crosses a page boundary)", from: b + page - 20n, n: 40 },
    { id: "into-unmapped", label: "crosses into an unmapped page", from: b + 2n * page - 16n, n: 64 },
    { id: "into-prot-none", label: "crosses into a PROT_NONE page", from: b + 4n * page - 8n, n: 24 },
    { id: "kernel-pointer", label: "kernel pointer", from: 0xffff888000001000n, n: 16 },
    { id: "wrap-around", label: "from + n wraps past 2^64", from: 0xfffffffffffffff0n, n: 0x40 },
    { id: "zero-length", label: "zero length", from: b + 0x10n, n: 0 },
  ];
}
