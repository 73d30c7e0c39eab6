import { describe, expect, it } from "vitest";
import { PF_U, PF_W } from "../../x86/constants";
import { EFAULT, EINVAL } from "../errno";
import { fork } from "../fork";
import { Mm, type SimFile, type Vma } from "../mm";
import { mmap, mremap, munmap } from "../mmap";
import { handlePageFault } from "../page-fault";
import { PageAllocator } from "../pages";
import { touchUser } from "../user-access";
import {
  MAP_PRIVATE, MAP_SHARED, PAGE_READONLY, PAGE_SHARED, PROT_READ, PROT_WRITE, VM_DONTDUMP, VM_DONTEXPAND, VM_IO, VM_MAYSHARE,
  VM_MAYWRITE, VM_PFNMAP, VM_READ, VM_SHARED, VM_WRITE,
} from "../vm-flags";
import { openDevice } from "./device-file";
import { alloc_pages, page_count, put_page } from "./kernel-pages";
import { io_remap_pfn_range, remap_pfn_range, vm_iomap_memory } from "./remap-pfn-range";

const user = { fromUser: true, smap: true, ac: false, hasExtable: false };
const rw = { read: true, write: true };

/** A process, and a device whose ->mmap is `handler`. */
function setup(handler: (file: SimFile, vma: Vma) => number, mode = rw) {
  const mm = new Mm(new PageAllocator());
  const file = openDevice(mm, { name: "test", mmap: handler }, mode);
  return { mm, file };
}

describe("remap_pfn_range (facts §4.3)", () => {
  it("maps the frames at the VMA, sets VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP and takes no page references", () => {
    const allocator = new PageAllocator();
    const mm = new Mm(allocator);
    const buf = alloc_pages(allocator, 2);
    const file = openDevice(mm, { name: "buf", mmap: (_f, v) => remap_pfn_range(v, v.vm_start, buf[0]!.pfn, 4 * 4096, v.vm_page_prot) }, rw);
    const r = mmap(mm, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0);
    if (!r.ok) throw new Error(`mmap: ${r.errno}`);
    expect(r.vma.vm_flags).toBe(VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE | VM_MAYWRITE | 0x10 | 0x40 | VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
    expect(r.vma.vm_page_prot).toBe(PAGE_SHARED);
    expect([0, 1, 2, 3].map((i) => mm.findPte(r.addr + i * 4096))).toEqual(
      buf.map((p) => ({ pfn: p.pfn, page: null, writable: true, present: true })),
    );
    expect(buf.map(page_count)).toEqual([1, 1, 1, 1]);
    // What the user writes lands in the driver's frame: the mapping is the buffer itself.
    const w = touchUser(mm, BigInt(r.addr + 2 * 4096 + 5), true, user);
    if (w.ok) w.bytes[w.offset] = 0x5a;
    expect(allocator.bytes(buf[2]!.pfn)[5]).toBe(0x5a);
    expect(mm.faults).toEqual([]);
  });

  it("a COW mapping (MAP_PRIVATE with VM_MAYWRITE) must be covered exactly, and then vm_pgoff becomes the pfn", () => {
    const partial = setup((_f, v) => remap_pfn_range(v, v.vm_start, 0x1234, 4096, v.vm_page_prot));
    expect(mmap(partial.mm, 0, 2 * 4096, PROT_READ, MAP_PRIVATE, partial.file, 0x3000)).toEqual({ ok: false, errno: EINVAL });
    const whole = setup((_f, v) => remap_pfn_range(v, v.vm_start, 0x1234, 2 * 4096, v.vm_page_prot));
    const r = mmap(whole.mm, 0, 2 * 4096, PROT_READ, MAP_PRIVATE, whole.file, 0x3000);
    expect(r.ok && r.vma.vm_pgoff).toBe(0x1234);
    // Private even on a read-only fd keeps VM_MAYWRITE (COW); a driver that clears it has no COW mapping any more.
    const ro = setup((_f, v) => ((v.vm_flags &= ~VM_MAYWRITE), remap_pfn_range(v, v.vm_start, 0x1234, 4096, v.vm_page_prot)), { read: true, write: false });
    const rr = mmap(ro.mm, 0, 2 * 4096, PROT_READ, MAP_PRIVATE, ro.file, 0x3000);
    expect(rr.ok && [rr.vma.vm_pgoff, ro.mm.findPte(rr.addr)?.pfn, ro.mm.findPte(rr.addr + 4096)]).toEqual([3, 0x1234, null]);
  });

  it("refuses an unaligned addr, and a range outside the VMA or empty, with -EINVAL (nothing left mapped)", () => {
    for (const bad of [
      (v: Vma) => remap_pfn_range(v, v.vm_start + 12, 0x100, 4096, v.vm_page_prot),
      (v: Vma) => remap_pfn_range(v, v.vm_start, 0x100, 3 * 4096, v.vm_page_prot),
      (v: Vma) => remap_pfn_range(v, v.vm_start - 4096, 0x100, 4096, v.vm_page_prot),
      (v: Vma) => remap_pfn_range(v, v.vm_start, 0x100, 0, v.vm_page_prot),
      (v: Vma) => remap_pfn_range(v, v.vm_start, 0x100, -4096, v.vm_page_prot),
    ]) {
      const s = setup((_f, v) => bad(v));
      expect(mmap(s.mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, s.file, 0)).toEqual({ ok: false, errno: EINVAL });
      expect([s.mm.vmas.length, s.mm.ptes.size]).toEqual([0, 0]);
    }
  });

  it("rounds size up to whole pages, masks the pfn to 40 bits, and maps what it is told: validating is the driver's job", () => {
    const s = setup((_f, v) => remap_pfn_range(v, v.vm_start, v.vm_pgoff, 4097, PAGE_READONLY));
    const r = mmap(s.mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, s.file, 0xfee00000); // the local APIC's page
    if (!r.ok) throw new Error("mmap");
    expect([s.mm.findPte(r.addr)?.pfn, s.mm.findPte(r.addr + 4096)?.pfn, s.mm.findPte(r.addr)?.writable]).toEqual([0xfee00, 0xfee01, false]);
    const neg = setup((_f, v) => remap_pfn_range(v, v.vm_start, -1, 4096, v.vm_page_prot));
    const n = mmap(neg.mm, 0, 4096, PROT_READ, MAP_SHARED, neg.file, 0);
    expect(n.ok && neg.mm.findPte(n.addr)?.pfn).toBe(0xffffffffff);
  });

  it("a second remap of the same pages fails with -EBUSY and zaps what it had built", () => {
    const s = setup((_f, v) => {
      expect(remap_pfn_range(v, v.vm_start + 4096, 0x500, 4096, v.vm_page_prot)).toBe(0);
      return remap_pfn_range(v, v.vm_start, 0x600, 2 * 4096, v.vm_page_prot);
    });
    expect(mmap(s.mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, s.file, 0)).toEqual({ ok: false, errno: 16 });
    expect(s.mm.ptes.size).toBe(0);
  });

  it("VM_PFNMAP: mremap growth is -EFAULT, fork copies the PTEs, munmap clears them; freeing the frames leaves a use-after-free", () => {
    const allocator = new PageAllocator();
    const mm = new Mm(allocator);
    const [page] = alloc_pages(allocator, 0);
    if (page === undefined) throw new Error("alloc");
    const file = openDevice(mm, { name: "uaf", mmap: (_f, v) => remap_pfn_range(v, v.vm_start, page.pfn, 4096, v.vm_page_prot) }, rw);
    const r = mmap(mm, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0);
    if (!r.ok) throw new Error("mmap");
    expect(mremap(mm, r.addr, 4096, 8192)).toEqual({ ok: false, errno: EFAULT });
    const child = fork(mm);
    expect(child.findPte(r.addr)?.pfn).toBe(page.pfn);
    put_page(page); // the driver frees its buffer while it is still mapped (bug B13)
    const stranger = allocator.alloc("anon"); // ... and the allocator hands the frame to someone else
    allocator.bytes(stranger.pfn)[0] = 0x77;
    expect(stranger.pfn).toBe(page.pfn);
    const read = touchUser(mm, BigInt(r.addr), false, user);
    expect(read.ok && read.bytes[read.offset]).toBe(0x77);
    expect(munmap(mm, r.addr, 4096)).toBe(0);
    expect(mm.findPte(r.addr)).toBeNull();
    expect(allocator.refcountBugs).toEqual([]); // no reference was ever taken, so none is dropped
    expect(handlePageFault(mm, BigInt(r.addr), PF_U | PF_W, user)).toEqual({ kind: "sigsegv", code: "SEGV_MAPERR" });
  });
});

describe("vm_iomap_memory (facts §4.3)", () => {
  const region = { start: 0xfebf0000n, len: 4 * 4096 };
  const map = (len: number, off: number, start = region.start, size = region.len) => {
    const s = setup((_f, v) => vm_iomap_memory(v, start, size));
    const r = mmap(s.mm, 0, len, PROT_READ, MAP_SHARED, s.file, off);
    return r.ok ? s.mm.findPte(r.addr)?.pfn : -r.errno;
  };

  it("maps from page vm_pgoff of the region and refuses what does not fit", () => {
    expect(map(4 * 4096, 0)).toBe(0xfebf0);
    expect(map(4096, 3 * 4096)).toBe(0xfebf3);
    expect(map(5 * 4096, 0)).toBe(-EINVAL);
    expect(map(2 * 4096, 3 * 4096)).toBe(-EINVAL);
    expect(map(4096, 5 * 4096)).toBe(-EINVAL);
    expect(map(4096, 0, 0xfffffffffffff000n, 0x2000)).toBe(-EINVAL); // start + len wraps
  });

  it("io_remap_pfn_range is remap_pfn_range on x86", () => {
    const s = setup((_f, v) => io_remap_pfn_range(v, v.vm_start, 0xfebf0, 4096, v.vm_page_prot));
    const r = mmap(s.mm, 0, 4096, PROT_READ, MAP_SHARED, s.file, 0);
    expect(r.ok && (r.vma.vm_flags & VM_PFNMAP) !== 0 && s.mm.findPte(r.addr)?.pfn).toBe(0xfebf0);
  });
});
