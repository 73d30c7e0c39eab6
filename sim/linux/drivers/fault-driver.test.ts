import { describe, expect, it } from "vitest";
import { EBUSY, EFAULT, EINVAL, EPERM } from "../errno";
import { fork } from "../fork";
import { Mm } from "../mm";
import { fput, mmap, mprotect, mremap, munmap } from "../mmap";
import { PageAllocator } from "../pages";
import { touchUser } from "../user-access";
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from "../vm-flags";
import { exit_mmap, openDevice } from "./device-file";
import { createFaultDriver } from "./fault-driver";
import { alloc_pages, page_count } from "./kernel-pages";

const user = { fromUser: true, smap: true, ac: false, hasExtable: false };
const ro = { read: true, write: false };

/** The 64 KB ring of E13 (16 pages, page i filled with byte i), shared read-only through ->fault. */
function ring() {
  const allocator = new PageAllocator();
  const mm = new Mm(allocator);
  const pages = alloc_pages(allocator, 4);
  pages.forEach((p, i) => allocator.bytes(p.pfn).fill(i));
  const fd = createFaultDriver("ring", pages, { readOnly: true });
  const file = openDevice(mm, fd.driver, ro);
  return { allocator, mm, pages, fd, file };
}

const read = (mm: Mm, addr: number) => {
  const r = touchUser(mm, BigInt(addr), false, user);
  return r.ok ? r.bytes[r.offset] : r.outcome.kind;
};

describe("a fault-handler driver (facts §4.3, E12, E13)", () => {
  it("validates in ->mmap (E13's numbers) and maps nothing until first touch", () => {
    const map = (len: number, off: number, prot = PROT_READ, flags = MAP_SHARED) => {
      const s = ring();
      const r = mmap(s.mm, 0, len, prot, flags, s.file, off);
      return r.ok ? s.mm.ptes.size : -r.errno;
    };
    expect(map(65536, 0)).toBe(0);
    expect(map(61440, 4096)).toBe(0);
    expect(map(65536, 4096)).toBe(-EINVAL);
    expect(map(65537, 0)).toBe(-EINVAL);
    expect(map(4096, 65536)).toBe(-EINVAL);
    expect(map(4096, 0, PROT_READ | PROT_WRITE)).toBe(-13); // do_mmap's -EACCES first: the fd is read-only
    expect(map(4096, 0, PROT_READ, MAP_PRIVATE)).toBe(-EINVAL);
  });

  it("first touch faults the page in with get_page; past the buffer is SIGBUS; munmap gives the references back", () => {
    const s = ring();
    const r = mmap(s.mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, s.file, 14 * 4096);
    if (!r.ok) throw new Error("mmap");
    expect(read(s.mm, r.addr + 4096 + 7)).toBe(15); // vmf->pgoff = 14 + 1
    expect([page_count(s.pages[15]!), s.fd.state.faults]).toEqual([2, 1]);
    expect(read(s.mm, r.addr + 4096)).toBe(15); // present now: no second fault
    expect(s.fd.state.faults).toBe(1);
    expect(mremap(s.mm, r.addr, 2 * 4096, 3 * 4096)).toEqual({ ok: false, errno: EFAULT });
    expect(mprotect(s.mm, r.addr, 4096, PROT_READ | PROT_WRITE)).toBe(-13);
    munmap(s.mm, r.addr, 2 * 4096);
    expect(page_count(s.pages[15]!)).toBe(1);
    expect(s.allocator.refcountBugs).toEqual([]);
  });

  it("a vm_pgoff past the buffer that ->mmap let through would SIGBUS, never give data (B11)", () => {
    const s = ring();
    const r = mmap(s.mm, 0, 4096, PROT_READ, MAP_SHARED, s.file, 15 * 4096);
    if (!r.ok) throw new Error("mmap");
    r.vma.vm_pgoff = 16; // as if the size check had been skipped
    expect(read(s.mm, r.addr)).toBe("sigbus");
  });

  it("counts its VMAs across a munmap split, fork and exit; ioctl(FREE) is -EBUSY while any maps the buffer (B13)", () => {
    const s = ring();
    const r = mmap(s.mm, 0, 4 * 4096, PROT_READ, MAP_SHARED, s.file, 0);
    if (!r.ok) throw new Error("mmap");
    fput(s.file); // close(fd): the mapping stays valid
    expect(read(s.mm, r.addr + 3 * 4096)).toBe(3);
    expect(munmap(s.mm, r.addr + 4096, 4096)).toBe(0); // [0,1) and [2,4): the split piece got ->open, the middle ->close
    expect([s.mm.vmas.length, s.fd.state.mapCount]).toEqual([2, 2]);
    const child = fork(s.mm);
    expect(s.fd.state.mapCount).toBe(4);
    expect(read(child, r.addr + 3 * 4096)).toBe(3); // a shared file mapping is re-faulted in the child
    expect(page_count(s.pages[3]!)).toBe(3);
    expect(s.fd.free()).toBe(-EBUSY);
    exit_mmap(s.mm);
    expect(s.fd.state.mapCount).toBe(2);
    expect(read(child, r.addr)).toBe(0);
    exit_mmap(child);
    expect([s.fd.state.mapCount, s.pages.map(page_count).slice(0, 4)]).toEqual([0, [1, 1, 1, 1]]);
    expect(s.fd.free()).toBe(0);
    expect(page_count(s.pages[0]!)).toBe(0);
    expect(s.allocator.refcountBugs).toEqual([]);
  });

  it("opener B closing does not hurt opener A's mapping (B13: no buffer freed in one opener's release)", () => {
    const s = ring();
    const a = mmap(s.mm, 0, 4096, PROT_READ, MAP_SHARED, s.file, 5 * 4096);
    const b = openDevice(s.mm, s.fd.driver, ro);
    fput(b);
    expect(a.ok && read(s.mm, a.addr)).toBe(5);
  });

  it("refuses PROT_WRITE on an O_RDWR fd with -EPERM and clears VM_MAYWRITE so mprotect cannot add it", () => {
    const s = ring();
    const rw = openDevice(s.mm, s.fd.driver, { read: true, write: true });
    expect(mmap(s.mm, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0)).toEqual({ ok: false, errno: EPERM });
    const r = mmap(s.mm, 0, 4096, PROT_READ, MAP_SHARED, rw, 0);
    expect(r.ok && mprotect(s.mm, r.addr, 4096, PROT_READ | PROT_WRITE)).toBe(-13);
  });
});
