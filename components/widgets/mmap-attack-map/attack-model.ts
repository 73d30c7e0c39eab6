import {
  decideBuggy,
  EINVAL,
  ENOMEM,
  EOVERFLOW,
  errnoName,
  MAP_SHARED,
  mmap,
  Mm,
  openDevice,
  PageAllocator,
  PhysicalMemory,
  PROT_READ,
  PROT_WRITE,
  vmaPages,
  type Driver,
  type HandlerDecision,
  type SimFile,
  type Vma,
} from "../../../sim/index";
import type { AttackRequest, AttackSetup } from "./attack-props";

// One mmap request against one of sim's buggy handlers (sim/linux/drivers/buggy-handlers.ts): sim's mmap builds the
// VMA with the kernel's own checks, sim's decideBuggy decides as the handler's C does, and the frames it hands to
// remap_pfn_range are the frames the process's PTEs would point to. The PTEs themselves are not installed: MWR's
// 0xf0000000-byte request is 983,040 of them, too many for a lesson page to build on every keystroke; the model's
// tests check it against sim's buggyDriver, which does install them, on requests small enough to build.

const PAGE = 4096;
const PAGE_BIG = BigInt(PAGE);
const U64 = (1n << 64n) - 1n;

/** The VMA the handler received. */
export interface VmaView {
  start: number;
  end: number;
  pgoff: number;
  pages: number;
}

/** Frames first .. first + count - 1, in the order the mapping's pages map them. */
export interface MappedFrames {
  first: number;
  count: number;
}

/** The mapped frames by where they lie (they add up to count). */
export interface FrameTally {
  inBuffer: number;
  /** Outside the buffer but in RAM: whatever the kernel keeps there. */
  otherRam: number;
  /** Past the end of RAM: no memory behind them. */
  noRam: number;
}

export type AttackOutcome =
  | { stage: "kernel"; errno: number; reason: string }
  | { stage: "handler"; vma: VmaView; errno: number; says: string[] }
  | { stage: "remap"; vma: VmaView; says: string[]; size: number }
  | {
      stage: "mapped";
      vma: VmaView;
      says: string[];
      frames: MappedFrames;
      tally: FrameTally;
      /** The cred page's index in the mapping (it is at vm_start + index * 4096), or null when it is not mapped. */
      credIndex: number | null;
    };

/** What the learner predicts, and what happened, in the same three words. */
export type AttackVerdict = "refused" | "misses" | "reaches";

/** The request's verdict: any failure of mmap is "refused"; a mapping either reaches the cred page or misses it. */
export function verdictOf(outcome: AttackOutcome): AttackVerdict {
  if (outcome.stage !== "mapped") return "refused";
  return outcome.credIndex === null ? "misses" : "reaches";
}

/**
 * mmap(NULL, length, prot, MAP_SHARED, fd, offset) on the buggy device (fd opened O_RDWR): the kernel's refusal, the
 * handler's, remap_pfn_range's, or the frames the mapping covers and where the cred page is among them.
 */
export function computeAttack(setup: AttackSetup, request: AttackRequest): AttackOutcome {
  const mm = new Mm(new PageAllocator(new PhysicalMemory()));
  // What the handler saw and decided, filled in when (if) do_mmap gets as far as calling it.
  const seen: { vma: VmaView | null; decision: HandlerDecision | null } = { vma: null, decision: null };
  const driver: Driver = {
    name: `attack-map-${setup.bug}`,
    mmap(_file: SimFile, vma: Vma): number {
      seen.vma = { start: vma.vm_start, end: vma.vm_end, pgoff: vma.vm_pgoff, pages: vmaPages(vma) };
      seen.decision = decideBuggy(setup.bug, vma, setup.buffer);
      // Refuse or accept as the C does, but leave the VMA empty: the frames are computed below.
      return seen.decision.errno;
    },
  };
  const file = openDevice(mm, driver, { read: true, write: true });
  const prot = request.writable ? PROT_READ | PROT_WRITE : PROT_READ;
  const result = mmap(mm, 0, request.length, prot, MAP_SHARED, file, request.offset);
  const { vma, decision } = seen;
  if (vma === null || decision === null) {
    if (result.ok) throw new Error("mmap succeeded without calling the handler");
    return { stage: "kernel", errno: result.errno, reason: kernelReason(request, result.errno) };
  }
  if (decision.errno !== 0) return { stage: "handler", vma, errno: -decision.errno, says: decision.says };
  const pages = remapPages(vma, decision.size);
  if (pages === null) return { stage: "remap", vma, says: decision.says, size: decision.size };
  const frames = { first: decision.pfn, count: pages };
  const credIndex =
    setup.credPfn >= frames.first && setup.credPfn < frames.first + frames.count ? setup.credPfn - frames.first : null;
  return { stage: "mapped", vma, says: decision.says, frames, tally: tallyFrames(setup, frames), credIndex };
}

// remap_pfn_range(vma, vm_start, pfn, size, prot) maps PAGE_ALIGN(size) bytes from vm_start; a range that is empty
// or wraps (remap_pfn_range_internal's BUG_ON(addr >= end) in mm/memory.c), or runs past vm_end, is refused as sim's
// remap_pfn_range refuses it, with -EINVAL (decision 0041). Only two handlers get here: the signed one, whose negative
// int size sign-extends, and the u32 one, whose size truncates to 0 for a length that is a multiple of 4 GB.
function remapPages(vma: VmaView, size: number): number | null {
  const start = BigInt(vma.start);
  const end = (start + ((BigInt(size) + PAGE_BIG - 1n) & U64 & ~(PAGE_BIG - 1n))) & U64;
  if (end <= start || end > BigInt(vma.end)) return null;
  return Number((end - start) / PAGE_BIG);
}

function tallyFrames(setup: AttackSetup, frames: MappedFrames): FrameTally {
  const end = frames.first + frames.count;
  const overlap = (lo: number, hi: number) => Math.max(0, Math.min(end, hi) - Math.max(frames.first, lo));
  const { bufPfn, bufPages } = setup.buffer;
  const inBuffer = overlap(bufPfn, bufPfn + bufPages);
  const inRam = overlap(0, setup.ramFrames);
  return { inBuffer, otherRam: inRam - inBuffer, noRam: frames.count - inRam };
}

// Why sys_mmap or do_mmap refused before the driver ran, for the errnos sim's mmap returns there.
function kernelReason(request: AttackRequest, errno: number): string {
  const name = `-${errnoName(errno)}`;
  const offset = BigInt.asUintN(64, request.offset);
  const length = BigInt.asUintN(64, request.length);
  if (errno === EINVAL && offset % PAGE_BIG !== 0n)
    return `${name}: the offset 0x${offset.toString(16)} is not a multiple of 4096 (sys_mmap)`;
  if (errno === EINVAL && length === 0n) return `${name}: the length is 0 (do_mmap)`;
  if (errno === ENOMEM) return `${name}: the length does not fit in the user address space (do_mmap)`;
  if (errno === EOVERFLOW)
    return `${name}: the offset in pages plus the length wraps, or offset + length passes ULONG_MAX (do_mmap, file_mmap_ok)`;
  return `${name} from do_mmap`;
}
