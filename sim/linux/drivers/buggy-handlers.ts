import { EINVAL, EPERM } from "../errno";
import type { SimFile, Vma } from "../mm";
import { VM_MAYWRITE, VM_WRITE } from "../vm-flags";
import type { Driver } from "./device-file";
import { remap_pfn_range } from "./remap-pfn-range";
import { vm_flags_clear } from "./vma-mm";

// The family of broken ->mmap handlers that module 6 attacks, proves and patches: each is a real pattern (facts §4.6
// B1-B6 and B9; the MWR Labs "Kernel Driver mmap Handler Exploitation" paper; CVE-2013-2596's fb_mmap for the u32
// sum), written as the C a learner reads and computed here with C's widths (u32 and int wrap as GCC wraps them), so a
// request the C would let through is let through here, byte for byte. Every handler maps a buffer of `bufPages`
// pages starting at frame `bufPfn` with remap_pfn_range (mm/memory.c), which validates the frames against nothing.

export const HANDLER_BUGS = [
  "raw-pfn",
  "no-size-check",
  "offset-not-checked",
  "u32-byte-offset",
  "signed-offset",
  "off-by-one",
  "maywrite-not-cleared",
] as const;
export type HandlerBug = (typeof HANDLER_BUGS)[number];

/** The driver's buffer: BUF_PAGES pages from frame buf_pfn. */
export interface DriverBuffer {
  bufPages: number;
  bufPfn: number;
}

/** What the handler decided for one VMA: the frame and size it remaps, or the errno it returns, and why. */
export interface HandlerDecision {
  /** 0, or a negative errno as the C returns it. */
  errno: number;
  /** The handler's arithmetic with the request's numbers, one line per check it evaluated. */
  says: string[];
  pfn: number;
  size: number;
}

const PAGE = 4096;
const hex = (n: number | bigint) => `0x${n.toString(16)}`;
const u32 = (n: bigint) => BigInt.asUintN(32, n);
const int = (n: bigint) => BigInt.asIntN(32, n);

/** The C of each handler's body (BUF_PAGES is a #define, buf_pfn a static of the driver). */
const BODIES: Record<HandlerBug, string> = {
  "raw-pfn": `unsigned long size = vma->vm_end - vma->vm_start;
/* user space passes the physical address DEV_IOC_GET_PHYS gave it */
if (size > BUF_BYTES)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff,
                       size, vma->vm_page_prot);`,
  "no-size-check": `if (vma->vm_pgoff != 0)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, buf_pfn,
                       vma->vm_end - vma->vm_start, vma->vm_page_prot);`,
  "offset-not-checked": `unsigned long size = vma->vm_end - vma->vm_start;
if (size > BUF_BYTES)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, buf_pfn + vma->vm_pgoff,
                       size, vma->vm_page_prot);`,
  "u32-byte-offset": `u32 off = vma->vm_pgoff << PAGE_SHIFT;
u32 size = vma->vm_end - vma->vm_start;
if (off + size > BUF_BYTES)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, buf_pfn + vma->vm_pgoff,
                       size, vma->vm_page_prot);`,
  "signed-offset": `int off = vma->vm_pgoff << PAGE_SHIFT;
int size = vma->vm_end - vma->vm_start;
if (off > BUF_BYTES - size)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, buf_pfn + vma->vm_pgoff,
                       size, vma->vm_page_prot);`,
  "off-by-one": `unsigned long last = vma->vm_pgoff + vma_pages(vma);  /* one past the last page */
if (last - 1 > BUF_PAGES)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, buf_pfn + vma->vm_pgoff,
                       vma->vm_end - vma->vm_start, vma->vm_page_prot);`,
  "maywrite-not-cleared": `unsigned long npages = vma_pages(vma), off = vma->vm_pgoff;
if (vma->vm_flags & VM_WRITE)
        return -EPERM;          /* user space may only read the buffer */
if (off >= BUF_PAGES || npages > BUF_PAGES - off)
        return -EINVAL;
return remap_pfn_range(vma, vma->vm_start, buf_pfn + off,
                       npages << PAGE_SHIFT, vma->vm_page_prot);`,
};

/** The handler as the learner reads it, with this device's BUF_PAGES. */
export function buggyHandlerSource(bug: HandlerBug, bufPages: number): string {
  const body = BODIES[bug].replace(/^/gm, "        ");
  // BUF_BYTES is an int, as a driver writing (BUF_PAGES * 4096) gets: spelled with PAGE_SIZE (an unsigned long on
  // x86, arch/x86/include/asm/page_types.h) the signed handler's compare would convert its int to unsigned long and
  // lose its bug, while decideBuggy compares ints.
  return `#define BUF_PAGES ${bufPages}
#define BUF_BYTES (BUF_PAGES * 4096)   /* an int */
static unsigned long buf_pfn;   /* the buffer's first frame */

static int dev_mmap(struct file *file, struct vm_area_struct *vma)
{
${body}
}
`;
}

/**
 * The handler's decision for `vma`, computed with the C's types: u32 truncates and wraps modulo 2^32, an int holds
 * 0x80000000 as INT_MIN (C11 6.3.1.3 leaves the conversion implementation-defined; GCC wraps), unsigned long wraps
 * modulo 2^64. remap_pfn_range's size parameter is an unsigned long, so a negative int size sign-extends.
 */
export function decideBuggy(bug: HandlerBug, vma: Vma, buf: DriverBuffer): HandlerDecision {
  const { bufPages, bufPfn } = buf;
  const pgoff = BigInt(vma.vm_pgoff);
  const span = BigInt(vma.vm_end - vma.vm_start);
  const bufBytes = BigInt(bufPages * PAGE);
  const remapOff = bufPfn + vma.vm_pgoff;
  const ok = (says: string[], pfn: number, size: bigint): HandlerDecision => ({ errno: 0, says, pfn, size: Number(size) });
  const refuse = (says: string[], errno = -EINVAL): HandlerDecision => ({ errno, says, pfn: 0, size: 0 });
  switch (bug) {
    case "raw-pfn":
      return span > bufBytes
        ? refuse([`size = ${hex(span)} > BUF_BYTES = ${hex(bufBytes)}: -EINVAL`])
        : ok([`size = ${hex(span)} <= BUF_BYTES = ${hex(bufBytes)}: accepted, remaps from frame vm_pgoff = ${hex(pgoff)}`], vma.vm_pgoff, span);
    case "no-size-check":
      return pgoff !== 0n
        ? refuse([`vm_pgoff = ${hex(pgoff)} != 0: -EINVAL`])
        : ok([`vm_pgoff = 0: accepted, remaps ${hex(span)} bytes from buf_pfn`], bufPfn, span);
    case "offset-not-checked":
      return span > bufBytes
        ? refuse([`size = ${hex(span)} > BUF_BYTES = ${hex(bufBytes)}: -EINVAL`])
        : ok([`size = ${hex(span)} <= BUF_BYTES = ${hex(bufBytes)}: accepted`], remapOff, span);
    case "u32-byte-offset": {
      const off = u32(pgoff << 12n);
      const size = u32(span);
      const sum = u32(off + size);
      const line = `off = (u32)(${hex(pgoff)} << 12) = ${hex(off)}, size = ${hex(size)}, off + size = ${hex(sum)} (in u32)`;
      return sum > bufBytes
        ? refuse([`${line} > BUF_BYTES = ${hex(bufBytes)}: -EINVAL`])
        : ok([`${line} <= BUF_BYTES = ${hex(bufBytes)}: accepted`], remapOff, size);
    }
    case "signed-offset": {
      const off = int(pgoff << 12n);
      const size = int(span);
      const room = int(bufBytes - size);
      const line = `off = (int)(${hex(pgoff)} << 12) = ${off}, size = ${size}, BUF_BYTES - size = ${room}`;
      return off > room
        ? refuse([`${line}: off > BUF_BYTES - size, -EINVAL`])
        : ok([`${line}: off <= BUF_BYTES - size, accepted`], remapOff, BigInt.asUintN(64, size));
    }
    case "off-by-one": {
      const last = pgoff + span / BigInt(PAGE);
      const line = `last = ${hex(pgoff)} + ${hex(span / BigInt(PAGE))} = ${hex(last)}, last - 1 = ${hex(last - 1n)}`;
      return last - 1n > BigInt(bufPages)
        ? refuse([`${line} > BUF_PAGES = ${hex(bufPages)}: -EINVAL`])
        : ok([`${line} <= BUF_PAGES = ${hex(bufPages)}: accepted`], remapOff, span);
    }
    case "maywrite-not-cleared": {
      if ((vma.vm_flags & VM_WRITE) !== 0) return refuse(["vm_flags has VM_WRITE: -EPERM"], -EPERM);
      const npages = span / BigInt(PAGE);
      const fits = pgoff < BigInt(bufPages) && npages <= BigInt(bufPages) - pgoff;
      const line = `off = ${hex(pgoff)}, npages = ${hex(npages)}, BUF_PAGES = ${hex(bufPages)}`;
      return fits
        ? ok([`no VM_WRITE; ${line}: fits, accepted (VM_MAYWRITE left set)`], remapOff, npages * BigInt(PAGE))
        : refuse([`no VM_WRITE; ${line}: off >= BUF_PAGES or npages > BUF_PAGES - off, -EINVAL`]);
    }
  }
}

/**
 * The check that is right (pages, unsigned long, subtraction form, as __vm_map_pages in mm/memory.c and
 * dma_direct_mmap in kernel/dma/direct.c write it): whether `vma` fits the buffer.
 */
export function fitsBuffer(vma: Vma, buf: DriverBuffer): boolean {
  const npages = (vma.vm_end - vma.vm_start) / PAGE;
  return vma.vm_pgoff < buf.bufPages && npages <= buf.bufPages - vma.vm_pgoff;
}

/**
 * A character-device driver whose ->mmap is the buggy handler: it decides as the C does, then remaps what the C
 * would remap. `onDecision` sees each decision (for messages and widgets). The "maywrite-not-cleared" handler leaves
 * VM_MAYWRITE set, which is its bug; the others never look at the access rights at all.
 */
export function buggyDriver(bug: HandlerBug, buf: DriverBuffer, onDecision?: (d: HandlerDecision) => void): Driver {
  return {
    name: `buggy-${bug}`,
    mmap(_file: SimFile, vma: Vma): number {
      const decision = decideBuggy(bug, vma, buf);
      onDecision?.(decision);
      if (decision.errno !== 0) return decision.errno;
      // A negative int size sign-extends to nearly 2^64 (not a safe integer here): vm_start + PAGE_ALIGN(size) wraps
      // below vm_start, where remap_pfn_range_internal (mm/memory.c) hits BUG_ON(addr >= end); sim refuses the
      // range as it refuses every range that leaves the VMA.
      if (!Number.isSafeInteger(decision.size)) return -EINVAL;
      return remap_pfn_range(vma, vma.vm_start, decision.pfn, decision.size, vma.vm_page_prot);
    },
  };
}

/** The fixed read-only handler (the maywrite pattern with its missing line): for tests and the lesson's diff. */
export function readOnlyDriver(buf: DriverBuffer): Driver {
  return {
    name: "read-only",
    mmap(_file: SimFile, vma: Vma): number {
      if ((vma.vm_flags & VM_WRITE) !== 0) return -EPERM;
      if (!fitsBuffer(vma, buf)) return -EINVAL;
      vm_flags_clear(vma, VM_MAYWRITE);
      return remap_pfn_range(vma, vma.vm_start, buf.bufPfn + vma.vm_pgoff, vma.vm_end - vma.vm_start, vma.vm_page_prot);
    },
  };
}
