import {
  alloc_pages,
  createRng,
  EACCES,
  EINVAL,
  ENOMEM,
  EOVERFLOW,
  EPERM,
  errnoName,
  MAP_PRIVATE,
  MAP_SHARED,
  mmap,
  Mm,
  openDevice,
  PAGE_SIZE,
  PageAllocator,
  PhysicalMemory,
  remap_pfn_range,
  VM_EXEC,
  VM_MAYEXEC,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_WRITE,
  vm_flags_clear,
  vmFlagNames,
  vmaPages,
  type Driver,
  type SimFile,
  type Vma,
} from "../../../sim/index";

// An mmap request on a 64 KB (16-page) driver buffer, run through sim's mmap down to a correct ->mmap handler
// (facts §4.1, §4.2; the module-5 lesson's ring_mmap): what the kernel builds (the VMA), what the handler decides
// and why, and which buffer page each virtual page maps. A rejected request still shows what a handler without the
// bounds check, remap_pfn_range from buf_pfn + vm_pgoff, would have exposed (§4.6 B2, B3, B6).

/** The driver buffer: 16 physically contiguous pages, 64 KB (alloc_pages order 4). */
export const BUF_PAGES = 16;
const BUF_ORDER = 4;
/** Virtual pages drawn one by one; a longer VMA is summarised. */
export const MAX_DRAWN = 24;

export interface MmapRequest {
  length: bigint;
  offset: bigint;
  prot: number;
  shared: boolean;
}

/** The device: is the buffer read-only (the handler refuses PROT_WRITE/EXEC), and was the fd opened O_RDWR? */
export interface DeviceSetup {
  readonly: boolean;
  fdWritable: boolean;
}

/** A VMA as the handler saw it or left it, with the flags decoded. */
export interface VmaSnapshot {
  vm_start: number;
  vm_end: number;
  vm_pgoff: number;
  vm_flags: number;
  flagNames: string;
  vm_page_prot: bigint;
  npages: number;
}

/** One virtual page of the VMA and the buffer page it maps: page = vm_pgoff + index. */
export interface PageLine {
  index: number;
  va: number;
  bufPage: number;
  inBuffer: boolean;
  /** The frame behind it: the PTE remap_pfn_range installed (accepted), or buf_pfn + page, what no check would map. */
  pfn: number;
}

/** The handler's check in subtraction form: `off >= 16 || npages > 16 - off` rejects (no overflow possible). */
export interface BoundsCheck {
  off: number;
  npages: number;
  offOk: boolean;
  fits: boolean;
}

export type MmapOutcome =
  | { stage: "kernel"; errno: number; reason: string }
  | {
      stage: "driver";
      accepted: boolean;
      errno: number;
      reason: string;
      seen: VmaSnapshot;
      final: VmaSnapshot | null;
      check: BoundsCheck;
      lines: PageLine[];
      bufferPfn: number;
    };

function snapshot(vma: Vma): VmaSnapshot {
  return {
    vm_start: vma.vm_start,
    vm_end: vma.vm_end,
    vm_pgoff: vma.vm_pgoff,
    vm_flags: vma.vm_flags,
    flagNames: vmFlagNames(vma.vm_flags),
    vm_page_prot: vma.vm_page_prot,
    npages: vmaPages(vma),
  };
}

const pages = (n: number) => `${n} page${n === 1 ? "" : "s"}`;

/**
 * The correct handler (the lesson's ring_mmap) on sim's primitives: VM_MAYSHARE or -EINVAL; a read-only buffer
 * refuses VM_WRITE|VM_EXEC with -EPERM and clears VM_MAYWRITE|VM_MAYEXEC; the bounds in pages, subtraction form;
 * then remap_pfn_range from the buffer's first frame plus vm_pgoff. `explain` receives each decision in words.
 */
export function createBufferDriver(
  bufferPfn: number,
  readonly: boolean,
  explain: (reason: string, check: BoundsCheck) => void,
): Driver {
  return {
    name: "sample-buf",
    mmap(_file: SimFile, vma: Vma): number {
      const off = vma.vm_pgoff;
      const npages = vmaPages(vma);
      const check: BoundsCheck = {
        off,
        npages,
        offOk: off < BUF_PAGES,
        fits: off < BUF_PAGES && npages <= BUF_PAGES - off,
      };
      if ((vma.vm_flags & VM_MAYSHARE) === 0) {
        explain(
          "MAP_PRIVATE: the buffer is shared with the device, so a private copy-on-write view is refused (VM_MAYSHARE is clear)",
          check,
        );
        return -EINVAL;
      }
      if (readonly && (vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) {
        explain("the buffer is read-only: PROT_WRITE or PROT_EXEC is refused", check);
        return -EPERM;
      }
      if (readonly) vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC); // so mprotect cannot add them later
      if (!check.offOk) {
        explain(`off = ${off} is not below ${BUF_PAGES}: the mapping would start past the buffer`, check);
        return -EINVAL;
      }
      if (!check.fits) {
        explain(
          `npages = ${npages} > ${BUF_PAGES} - off = ${BUF_PAGES - off}: the mapping would run ${pages(npages - (BUF_PAGES - off))} past the buffer`,
          check,
        );
        return -EINVAL;
      }
      const ret = remap_pfn_range(vma, vma.vm_start, bufferPfn + off, npages * PAGE_SIZE, vma.vm_page_prot);
      explain(
        ret === 0
          ? `off = ${off} < ${BUF_PAGES} and npages = ${npages} <= ${BUF_PAGES} - off = ${BUF_PAGES - off}: every page lies inside the buffer`
          : `remap_pfn_range failed with -${errnoName(ret)}`,
        check,
      );
      return ret;
    },
  };
}

/**
 * mmap(NULL, length, prot, MAP_SHARED or MAP_PRIVATE, fd, offset) on the buffer's device, through sim's mmap and
 * openDevice to the correct handler. The seed places the buffer's frames.
 */
export function runMmapRequest(req: MmapRequest, device: DeviceSetup, seed: string): MmapOutcome {
  const firstPfn = 0x1000 + createRng(`${seed}/buffer`).int(0, 0xfff) * 0x20;
  const mm = new Mm(new PageAllocator(new PhysicalMemory(), firstPfn));
  const bufferPfn = alloc_pages(mm.pages, BUF_ORDER)[0]?.pfn ?? firstPfn;
  // What the handler saw and decided, filled in when (if) do_mmap gets as far as calling it.
  const handler: { seen: VmaSnapshot | null; reason: string; check: BoundsCheck | null } = {
    seen: null,
    reason: "",
    check: null,
  };
  const driver = createBufferDriver(bufferPfn, device.readonly, (reason, check) => {
    handler.reason = reason;
    handler.check = check;
  });
  const file = openDevice(
    mm,
    {
      name: driver.name,
      mmap(f: SimFile, vma: Vma): number {
        handler.seen = snapshot(vma);
        return driver.mmap(f, vma);
      },
    },
    { read: true, write: device.fdWritable },
  );
  const result = mmap(mm, 0, req.length, req.prot, req.shared ? MAP_SHARED : MAP_PRIVATE, file, req.offset);
  const saw = handler.seen;
  const check = handler.check;
  if (saw === null || check === null) {
    if (result.ok) throw new Error("mmap succeeded without calling the driver");
    return { stage: "kernel", errno: result.errno, reason: kernelReason(req, device, result.errno) };
  }
  const drawn = Math.min(saw.npages, MAX_DRAWN);
  const base = { stage: "driver" as const, reason: handler.reason, seen: saw, check, bufferPfn };
  if (!result.ok) {
    const lines = Array.from({ length: drawn }, (_, i) => line(saw, i, bufferPfn + saw.vm_pgoff + i));
    return { ...base, accepted: false, errno: result.errno, final: null, lines };
  }
  // The PTEs remap_pfn_range installed: virtual page i now maps frame buf_pfn + vm_pgoff + i.
  const lines = Array.from({ length: drawn }, (_, i) => {
    const pte = mm.findPte(result.vma.vm_start + i * PAGE_SIZE);
    if (pte === null) throw new Error(`page ${i} of an accepted mapping has no PTE`);
    return line(saw, i, pte.pfn);
  });
  return { ...base, accepted: true, errno: 0, final: snapshot(result.vma), lines };
}

function line(vma: VmaSnapshot, index: number, pfn: number): PageLine {
  const bufPage = vma.vm_pgoff + index;
  return { index, va: vma.vm_start + index * PAGE_SIZE, bufPage, inBuffer: bufPage < BUF_PAGES, pfn };
}

const U64 = (1n << 64n) - 1n;

// Why do_mmap refused before any driver code ran, in its order (facts §4.1); the errno itself is sim's.
function kernelReason(req: MmapRequest, device: DeviceSetup, errno: number): string {
  const off = BigInt.asUintN(64, req.offset);
  const len = BigInt.asUintN(64, req.length);
  const name = `-${errnoName(errno)}`;
  if (errno === EINVAL && off % 4096n !== 0n)
    return `${name}: the offset 0x${off.toString(16)} is not a multiple of the page size (sys_mmap)`;
  if (errno === EINVAL && len === 0n) return `${name}: the length is 0 (do_mmap)`;
  if (errno === ENOMEM && ((len + 4095n) & U64 & ~4095n) === 0n)
    return `${name}: PAGE_ALIGN(length) wraps to 0 (do_mmap)`;
  if (errno === ENOMEM)
    return `${name}: there is no free range of ${len} bytes in the user address space (get_unmapped_area)`;
  if (errno === EOVERFLOW)
    return `${name}: pgoff + pages wraps, or pgoff * 4096 + length passes ULONG_MAX (do_mmap, file_mmap_ok)`;
  if (errno === EACCES && !device.fdWritable)
    return `${name}: MAP_SHARED with PROT_WRITE on an fd opened O_RDONLY (do_mmap)`;
  return `${name} from do_mmap`;
}
