import { PhysicalMemory } from "../memory/physical-memory";
import { Mm } from "./mm";
import { mmap } from "./mmap";
import { PageAllocator } from "./pages";
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE } from "./vm-flags";

// A user address space as plain data (private anonymous VMAs and the present pages behind them), and the fresh Mm it
// describes. Exercises send it to the sandbox inside a fixture and rebuild the Mm for every case, so a fault that
// one case resolves never helps the next.

/** A VMA: [start, end) with PROT_* bits; private and anonymous. */
export interface UserSpaceVma {
  start: number;
  end: number;
  prot: number;
}

/** A present PTE: the user page at `va` maps frame `pfn`; `writable: false` in a writable VMA is a COW page. */
export interface UserSpacePte {
  va: number;
  pfn: number;
  writable: boolean;
}

export interface UserSpace {
  vmas: UserSpaceVma[];
  ptes: UserSpacePte[];
}

const FIXED_ANON = MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS;

/** Reads `vmas` and `ptes` from a fixture's meta; throws an Error starting with `who` for anything malformed. */
export function parseUserSpace(meta: Record<string, unknown>, who: string): UserSpace {
  const { vmas, ptes } = meta;
  if (!Array.isArray(vmas) || !Array.isArray(ptes)) throw new Error(`${who}: fixture meta needs vmas and ptes`);
  const record = (value: unknown, what: string): Record<string, unknown> => {
    if (typeof value !== "object" || value === null) throw new Error(`${who}: bad ${what} in fixture meta`);
    return value as Record<string, unknown>;
  };
  const whole = (value: unknown, what: string): number => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new Error(`${who}: ${what} must be a whole number >= 0, got ${String(value)}`);
    }
    return value;
  };
  return {
    vmas: vmas.map((v: unknown) => {
      const o = record(v, "vma");
      return { start: whole(o.start, "vma start"), end: whole(o.end, "vma end"), prot: whole(o.prot, "vma prot") };
    }),
    ptes: ptes.map((p: unknown) => {
      const o = record(p, "pte");
      if (typeof o.writable !== "boolean") throw new Error(`${who}: pte writable must be a boolean`);
      return { va: whole(o.va, "pte va"), pfn: whole(o.pfn, "pte pfn"), writable: o.writable };
    }),
  };
}

/**
 * A fresh Mm for `space`: its VMAs mapped, its present pages on the frames of `memory` (which must hold each
 * pte's frame), new allocations above every one of them. Throws an Error starting with `who` for a bad space.
 */
export function buildUserSpace(space: UserSpace, memory: { frames: number[]; bytes: Uint8Array }, who: string): Mm {
  // One copy of the fixture's frames, not one per frame: an adapter builds a space per case, and its frames are only
  // reached through the kernel's accessors (touchUser, the copy routines), never handed to learner code as buffers.
  const mem = PhysicalMemory.fromWire(memory, { oneBuffer: true });
  const mm = new Mm(new PageAllocator(mem, Math.max(0x1000, ...memory.frames.map((pfn) => pfn + 1))));
  for (const vma of space.vmas) {
    const mapped = mmap(mm, vma.start, vma.end - vma.start, vma.prot, FIXED_ANON, null);
    if (!mapped.ok) throw new Error(`${who}: cannot map VMA at 0x${vma.start.toString(16)}`);
  }
  for (const pte of space.ptes) {
    if (!memory.frames.includes(pte.pfn)) throw new Error(`${who}: frame ${pte.pfn} is not in the fixture`);
    mm.setPte(pte.va, {
      pfn: pte.pfn,
      page: { pfn: pte.pfn, kind: "anon", refcount: 1 },
      writable: pte.writable,
      present: true,
    });
  }
  return mm;
}
