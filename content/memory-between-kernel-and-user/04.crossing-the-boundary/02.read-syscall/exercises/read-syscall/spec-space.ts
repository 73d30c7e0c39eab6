import type { FixtureWire } from "../../../../../../contract/exercise";
import { PROT_NONE, PROT_READ, PROT_WRITE, type Rng } from "../../../../../../sim/index";
import type { ReadMeta, SpacePte, SpaceVma } from "./adapter";
import type { ReadInput } from "./spec-input";

// The processes the checks read into: the learner's seeded x86-64 process with a device of seeded size, and small
// hand-made ones for the edge cases. A process is VMAs plus present pages; pages of a VMA without a PTE are valid but
// not present yet (the fault handler maps them on the first store), addresses outside every VMA are unmapped.

export const PAGE = 4096;
export const RW = PROT_READ | PROT_WRITE;
export { PROT_NONE, PROT_READ };
/** USER_PTR_MAX with 4-level paging (facts §3.2). */
export const USER_PTR_MAX = 0x7ffffffff000;
/** MAX_RW_COUNT, INT_MAX & PAGE_MASK: the most vfs_read passes to a driver in one call. */
export const MAX_RW_COUNT = 0x7ffff000;

/** A user address space and a device under construction. */
export class ReadSpace {
  readonly vmas: SpaceVma[] = [];
  private readonly pages: { va: number; writable: boolean }[] = [];

  constructor(
    readonly deviceSeed: string,
    readonly deviceSize: number,
  ) {}

  /** Adds the VMA [start, start + len) (page-aligned, anonymous, private) with PROT_* bits. */
  map(start: number, len: number, prot: number): this {
    if (start % PAGE !== 0 || len % PAGE !== 0 || len <= 0)
      throw new Error(`ReadSpace.map: unaligned 0x${start.toString(16)}`);
    this.vmas.push({ start, end: start + len, prot });
    return this;
  }

  /** Makes the page at `va` present (touched by the process); `cow` leaves its PTE read-only in a writable VMA. */
  present(va: number, cow = false): this {
    const vma = this.vmas.find((v) => va >= v.start && va < v.end);
    if (vma === undefined || va % PAGE !== 0) throw new Error(`ReadSpace.present: bad page 0x${va.toString(16)}`);
    this.pages.push({ va, writable: !cow && (vma.prot & PROT_WRITE) !== 0 });
    return this;
  }

  /** The space as a fixture: each present page gets its own zeroed frame, from pfn 0x100 up. */
  fixture(smap = true): FixtureWire {
    const frames = this.pages.map((_, i) => 0x100 + i);
    const ptes: SpacePte[] = this.pages.map((p, i) => ({ va: p.va, pfn: 0x100 + i, writable: p.writable }));
    const meta: ReadMeta = {
      vmas: this.vmas.map((v) => ({ ...v })),
      ptes,
      smap,
      device: { seed: this.deviceSeed, size: this.deviceSize },
    };
    return { frames, bytes: new Uint8Array(frames.length * PAGE), meta: { ...meta } };
  }
}

/** The regions of a seeded process, for choosing cases. */
export interface SeededSpace {
  space: ReadSpace;
  size: number;
  /** An RW buffer of 6 pages, pages 0 and 5 present, the rest not yet. */
  data: number;
  /** The first unmapped page after the data VMA. */
  dataHole: number;
  /** One RW page, then a PROT_READ page, then a PROT_NONE page. */
  rw: number;
  ro: number;
  none: number;
  /** A private writable page whose PTE is still read-only (copy-on-write after fork). */
  cow: number;
  /** The stack VMA ends at USER_PTR_MAX; its top page is present. */
  stackTop: number;
}

/** The learner's process from a seed: a device of 2500..12000 bytes and the regions above. */
export function seededSpace(rng: Rng): SeededSpace {
  const size = rng.int(2500, 12000);
  const space = new ReadSpace(`seed-${rng.nextU32().toString(16)}`, size);
  const data = 0x555555558000 + rng.int(0, 15) * PAGE;
  space
    .map(data, 6 * PAGE, RW)
    .present(data)
    .present(data + 5 * PAGE);
  const rw = 0x7f0000000000 + rng.int(0, 255) * 0x10000;
  space
    .map(rw, PAGE, RW)
    .present(rw)
    .map(rw + PAGE, PAGE, PROT_READ)
    .present(rw + PAGE)
    .map(rw + 2 * PAGE, PAGE, PROT_NONE);
  const cow = 0x7f1000000000 + rng.int(0, 255) * 0x10000;
  space
    .map(cow, 2 * PAGE, RW)
    .present(cow, true)
    .present(cow + PAGE, true);
  space.map(USER_PTR_MAX - 33 * PAGE, 33 * PAGE, RW).present(USER_PTR_MAX - PAGE);
  return {
    space,
    size,
    data,
    dataHole: data + 6 * PAGE,
    rw,
    ro: rw + PAGE,
    none: rw + 2 * PAGE,
    cow,
    stackTop: USER_PTR_MAX,
  };
}

/** A read as a case input. */
export function read(buf: bigint | number, count: number, pos: number): ReadInput {
  return { buf: hexPointer(buf), count, pos };
}

/** A pointer as the case input carries it: 0x-hex. */
export function hexPointer(value: bigint | number): string {
  return "0x" + BigInt.asUintN(64, BigInt(value)).toString(16);
}

const KERNEL_POINTERS = [0xffff888000001000n, 0xffffffff81000000n, 0x0000800000000000n, 0xfffffffffffff000n];

// Every 13th read (from a seeded start) has a kernel pointer as buf; 13 is prime to the 4 kinds of count and the 5 of
// *ppos, so those reads meet each kind too.
const KERNEL_EVERY = 13;

/** A count of kind `kind`: up to 16 bytes (0 included), up to 400, up to 3 pages, or half a page to past the device. */
function countOfKind(rng: Rng, kind: number, size: number): number {
  return [() => rng.int(0, 16), () => rng.int(1, 400), () => rng.int(1, 3 * PAGE), () => rng.int(PAGE / 2, size + 500)][
    kind
  ]!();
}

/** A *ppos of kind `kind`: 0, anywhere (twice as often), within 64 of the end, or at or past the end. */
function posOfKind(rng: Rng, kind: number, size: number): number {
  return [
    () => 0,
    () => rng.int(0, size),
    () => rng.int(0, size),
    () => size - rng.int(0, 64),
    () => size + rng.int(0, 100),
  ][kind]!();
}

/**
 * `count` reads of random sizes at random positions, into buffers placed around the space's VMA boundaries. The
 * kinds of count and of *ppos are taken in turn from seeded starts, so that any 20 reads in a row meet every pairing
 * of a count kind with a *ppos kind; the boundaries are taken in a fresh seeded order each round, so that every one
 * is met before any is met twice, each time with another kind of count.
 */
export function randomReads(rng: Rng, vmas: readonly SpaceVma[], size: number, count: number): ReadInput[] {
  // A VMA's end twice per round: a read that runs out of it is a short read, the case most mistakes get wrong, while
  // one that starts before a VMA mostly starts unmapped (-EFAULT). And the end of a longer VMA's first page: a read
  // across it goes on into a page of the same VMA (one copy that must not stop at a page boundary).
  const edges = vmas.flatMap((v) => [v.start, v.end, v.end, ...(v.end - v.start > PAGE ? [v.start + PAGE] : [])]);
  const countStart = rng.int(0, 3);
  const posStart = rng.int(0, 4);
  const kernelAt = rng.int(0, KERNEL_EVERY - 1);
  let round: number[] = [];
  const reads: ReadInput[] = [];
  for (let i = 0; i < count; i++) {
    const n = countOfKind(rng, (countStart + i) % 4, size);
    const pos = posOfKind(rng, (posStart + i) % 5, size);
    if (i % KERNEL_EVERY === kernelAt) {
      reads.push(read(rng.pick(KERNEL_POINTERS) + BigInt(rng.int(0, 0xfff)), n, pos));
      continue;
    }
    // Start a little before or after an edge, so most reads cross or end at it.
    if (round.length === 0) round = shuffled(rng, edges);
    const edge = round.pop() ?? 0;
    reads.push(read(Math.max(0, edge + rng.int(-Math.min(n, size) - 64, 64)), n, Math.max(0, pos)));
  }
  return reads;
}

function shuffled(rng: Rng, values: readonly number[]): number[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] ?? 0, out[i] ?? 0];
  }
  return out;
}
