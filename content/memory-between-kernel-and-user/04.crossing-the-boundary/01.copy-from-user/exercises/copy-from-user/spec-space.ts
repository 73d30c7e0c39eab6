import type { FixtureWire } from "../../../../../../contract/exercise";
import { PROT_NONE, PROT_READ, PROT_WRITE, type Rng } from "../../../../../../sim/index";
import type { SpaceMeta, SpacePte, SpaceVma } from "./adapter";
import type { CopyInput } from "./spec-input";

// The user address spaces the checks copy from: the learner's seeded x86-64 process, and small hand-made spaces
// for the edge cases. A space is VMAs plus present pages with their bytes; pages of a VMA without a PTE are valid
// but not present yet (the fault handler maps them on first touch), and addresses outside every VMA are unmapped.

export const PAGE = 4096;
export const RW = PROT_READ | PROT_WRITE;
export { PROT_NONE, PROT_READ };

/** A user address space under construction. */
export class UserSpace {
  readonly vmas: SpaceVma[] = [];
  private readonly pages: { va: number; bytes: Uint8Array; writable: boolean }[] = [];

  /** Adds the VMA [start, start + len) (page-aligned, anonymous, private) with PROT_* bits. */
  map(start: number, len: number, prot: number): this {
    if (start % PAGE !== 0 || len % PAGE !== 0 || len <= 0)
      throw new Error(`UserSpace.map: unaligned 0x${start.toString(16)}`);
    this.vmas.push({ start, end: start + len, prot });
    return this;
  }

  /** Makes the page at `va` present with these bytes (a page the process has already touched). */
  present(va: number, bytes: Uint8Array): this {
    const vma = this.vmas.find((v) => va >= v.start && va < v.end);
    if (vma === undefined || va % PAGE !== 0 || bytes.length !== PAGE)
      throw new Error(`UserSpace.present: bad page 0x${va.toString(16)}`);
    this.pages.push({ va, bytes, writable: (vma.prot & PROT_WRITE) !== 0 });
    return this;
  }

  /** The space as a fixture: each present page gets its own frame, from pfn 0x100 up. */
  fixture(smap = true): FixtureWire {
    const frames = this.pages.map((_, i) => 0x100 + i);
    const bytes = new Uint8Array(frames.length * PAGE);
    this.pages.forEach((p, i) => bytes.set(p.bytes, i * PAGE));
    const ptes: SpacePte[] = this.pages.map((p, i) => ({ va: p.va, pfn: 0x100 + i, writable: p.writable }));
    const meta: SpaceMeta = { vmas: this.vmas.map((v) => ({ ...v })), ptes, smap };
    return { frames, bytes, meta: { ...meta } };
  }
}

/** 4096 bytes of text-like data (so a learner can read a dump): printable ASCII, varied by the rng. */
export function pageBytes(rng: Rng): Uint8Array {
  const bytes = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) bytes[i] = rng.int(0x21, 0x7e);
  return bytes;
}

/** The regions of a seeded space, for choosing cases. */
export interface SeededSpace {
  space: UserSpace;
  /** RW data: pages [0, dataPages) from `data`; `dataPresent[i]` says whether page i is present. */
  data: number;
  dataPresent: boolean[];
  /** The first unmapped page after the data VMA. */
  dataHole: number;
  /** A read-only region of 2 present pages, then a PROT_NONE guard page, then 2 RW pages (the first present). */
  lib: number;
  guard: number;
  libData: number;
  /** One present RW page with nothing mapped after it, in the mmap area (0x7f...). */
  lone: number;
  /** The stack VMA ends at USER_PTR_MAX (0x7ffffffff000); its top 3 pages are present. */
  stackTop: number;
}

export const USER_PTR_MAX = 0x7ffffffff000;
const STACK_PAGES = 33;

/** The learner's x86-64 process from a seed: program data, a library-like region with a guard, a lone page, a stack. */
export function seededSpace(rng: Rng): SeededSpace {
  const space = new UserSpace();
  const content = rng.fork("bytes");

  const data = 0x555555558000 + rng.int(0, 15) * PAGE;
  const dataPages = 6;
  space.map(data, dataPages * PAGE, RW);
  // At least one present page on each side of a not-present one, and the last page present.
  const dataPresent = [true, rng.chance(0.5), false, rng.chance(0.5), false, true];
  dataPresent.forEach((isPresent, i) => {
    if (isPresent) space.present(data + i * PAGE, pageBytes(content));
  });

  const lone = 0x7f0000000000 + rng.int(0, 255) * 0x10000;
  space.map(lone, PAGE, RW).present(lone, pageBytes(content));

  const lib = 0x7f1000000000 + rng.int(0, 255) * 0x10000;
  space
    .map(lib, 2 * PAGE, PROT_READ)
    .present(lib, pageBytes(content))
    .present(lib + PAGE, pageBytes(content));
  const guard = lib + 2 * PAGE;
  space.map(guard, PAGE, PROT_NONE);
  const libData = guard + PAGE;
  space.map(libData, 2 * PAGE, RW).present(libData, pageBytes(content));

  const stackTop = USER_PTR_MAX;
  space.map(stackTop - STACK_PAGES * PAGE, STACK_PAGES * PAGE, RW);
  for (let i = 1; i <= 3; i++) space.present(stackTop - i * PAGE, pageBytes(content));

  return { space, data, dataPresent, dataHole: data + dataPages * PAGE, lib, guard, libData, lone, stackTop };
}

/** The page boundaries of a space where copies get interesting: every VMA's start and end. */
function boundaries(vmas: readonly SpaceVma[]): number[] {
  return vmas.flatMap((v) => [v.start, v.end]);
}

/** Pointers that access_ok refuses: the kernel half, the non-canonical hole, near 2^64. */
const KERNEL_POINTERS = [0xffff888000001000n, 0xffffffff81000000n, 0x0000800000000000n, 0xfffffffffffff000n];

/**
 * The lengths a differential's copies cycle through from a seeded start: 0-16 bytes, 1-300 bytes, up to two pages,
 * a page and up to 512 bytes more (so it always crosses a page boundary). Only the start decides which boundary a
 * copy meets; a long copy re-reads whole present pages on its way there, so the two long kinds come up once in 6
 * each (they were half of all copies) and are no longer than a boundary needs (they were up to 3 and 2 pages: a
 * user byte costs the grader ~0.3 us in a fresh isolate, decision 0153).
 */
const LENGTH_KINDS = [0, 1, 2, 0, 1, 3] as const;

function copyLength(rng: Rng, kind: number): number {
  if (kind === 0) return rng.int(0, 16);
  if (kind === 1) return rng.int(1, 300);
  if (kind === 2) return rng.int(1, 2 * PAGE);
  return rng.int(PAGE + 1, PAGE + 0x200);
}

/** `count` copies around the space's boundaries, of lengths from 0 to a few pages, plus a few kernel pointers. */
export function randomCopies(rng: Rng, vmas: readonly SpaceVma[], count: number): CopyInput[] {
  const edges = boundaries(vmas);
  const copies: CopyInput[] = [];
  const start = rng.int(0, LENGTH_KINDS.length - 1);
  for (let i = 0; i < count; i++) {
    const n = copyLength(rng, LENGTH_KINDS[(start + i) % LENGTH_KINDS.length] ?? 0);
    if (rng.chance(0.08)) {
      const base = rng.pick(KERNEL_POINTERS);
      copies.push({ from: hexPointer(base + BigInt(rng.int(0, 0xfff))), n });
      continue;
    }
    const edge = rng.pick(edges);
    // Start a little before or after an edge, so most copies cross or end at it.
    const from = Math.max(0, edge + rng.int(-n - 64, 64));
    copies.push({ from: hexPointer(BigInt(from)), n });
  }
  return copies;
}

/** A pointer as the case input carries it: 0x-hex. */
export function hexPointer(value: bigint | number): string {
  return "0x" + BigInt.asUintN(64, BigInt(value)).toString(16);
}
