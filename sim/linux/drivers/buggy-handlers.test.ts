import { describe, expect, it } from "vitest";
import { PAGE_SIZE } from "../../x86/constants";
import { EINVAL, EPERM } from "../errno";
import { Mm, type Vma } from "../mm";
import { mmap, mprotect } from "../mmap";
import { PageAllocator } from "../pages";
import { MAP_SHARED, PROT_READ, PROT_WRITE, VM_MAYWRITE, VM_READ, VM_SHARED, VM_WRITE } from "../vm-flags";
import { buggyDriver, buggyHandlerSource, decideBuggy, fitsBuffer, HANDLER_BUGS, readOnlyDriver, type HandlerBug } from "./buggy-handlers";
import { openDevice } from "./device-file";

// Each broken handler decides as its C does, with C's widths. The test names quote the C line that decides.

const buf = { bufPages: 16, bufPfn: 0x1000 };
const P = PAGE_SIZE;
/** The VMA the handler sees for mmap(len, off): only the fields the checks read. */
const vma = (len: number, off: number, flags = VM_READ | VM_SHARED): Vma => ({
  vm_start: 0x7f0000000000,
  vm_end: 0x7f0000000000 + Math.ceil(len / P) * P,
  vm_pgoff: off / P,
  vm_flags: flags,
  vm_page_prot: 0n,
  vm_file: null,
  vm_ops: null,
  vm_private_data: null,
  anonShared: null,
});
const accepts = (bug: HandlerBug, len: number, off: number, flags?: number) => decideBuggy(bug, vma(len, off, flags), buf).errno === 0;

/** mmap(2) on a fresh process through the buggy driver: the frames the new VMA maps, or the errno. */
function throughMmap(driver: ReturnType<typeof buggyDriver>, len: number, off: number, prot = PROT_READ) {
  const mm = new Mm(new PageAllocator());
  const file = openDevice(mm, driver, { read: true, write: true });
  const result = mmap(mm, 0, len, prot, MAP_SHARED, file, off);
  if (!result.ok) return { errno: result.errno, pfns: [] as number[], mm, addr: 0 };
  const pfns: number[] = [];
  for (let a = result.vma.vm_start; a < result.vma.vm_end; a += P) pfns.push(mm.findPte(a)?.pfn ?? -1);
  return { errno: 0, pfns, mm, addr: result.addr };
}

describe("the broken handlers decide as their C does", () => {
  it("raw-pfn: `remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size, ...)` maps the frame the offset names", () => {
    expect(throughMmap(buggyDriver("raw-pfn", buf), P, 0x42 * P).pfns).toEqual([0x42]);
    expect(accepts("raw-pfn", 17 * P, 0)).toBe(false); // if (size > BUF_BYTES) return -EINVAL;
  });

  it("no-size-check: `if (vma->vm_pgoff != 0) return -EINVAL;` and nothing bounds the length", () => {
    expect(throughMmap(buggyDriver("no-size-check", buf), 18 * P, 0).pfns.at(-1)).toBe(0x1000 + 17);
    expect(accepts("no-size-check", P, P)).toBe(false);
  });

  it("offset-not-checked: `if (size > BUF_BYTES) return -EINVAL;` then `buf_pfn + vma->vm_pgoff`", () => {
    expect(throughMmap(buggyDriver("offset-not-checked", buf), P, 100 * P).pfns).toEqual([0x1000 + 100]);
    expect(accepts("offset-not-checked", 17 * P, 0)).toBe(false);
  });

  it("u32-byte-offset: `u32 off = vma->vm_pgoff << PAGE_SHIFT; ... if (off + size > BUF_BYTES)` wraps modulo 2^32", () => {
    // 0xfffff000 + 0x2000 = 0x100001000, 0x1000 in 32 bits; and 4 GB + 1 page is 0x1000 once truncated.
    expect(accepts("u32-byte-offset", 0x2000, 0xfffff000)).toBe(true);
    expect(accepts("u32-byte-offset", P, 2 ** 32 + P)).toBe(true);
    expect(accepts("u32-byte-offset", P, 16 * P)).toBe(false);
    expect(decideBuggy("u32-byte-offset", vma(0x2000, 0xfffff000), buf).says[0]).toContain("off + size = 0x1000 (in u32)");
  });

  it("signed-offset: `int off = vma->vm_pgoff << PAGE_SHIFT; ... if (off > BUF_BYTES - size)` lets every 2-4 GB offset through", () => {
    expect(accepts("signed-offset", P, 0x80000000)).toBe(true);
    expect(accepts("signed-offset", P, 0xfffff000)).toBe(true);
    expect(accepts("signed-offset", P, 0x7ffff000)).toBe(false);
    // A 0xf0000000-byte length is a negative int: accepted, then sign-extended past the VMA, which sim refuses.
    expect(accepts("signed-offset", 0xf0000000, 0)).toBe(true);
    expect(throughMmap(buggyDriver("signed-offset", buf), 0xf0000000, 0).errno).toBe(EINVAL);
  });

  it("off-by-one: `if (last - 1 > BUF_PAGES) return -EINVAL;` lets exactly one page past the buffer through", () => {
    expect(throughMmap(buggyDriver("off-by-one", buf), 17 * P, 0).pfns.at(-1)).toBe(0x1000 + 16);
    expect(accepts("off-by-one", 18 * P, 0)).toBe(false);
  });

  it("maywrite-not-cleared: `if (vma->vm_flags & VM_WRITE) return -EPERM;` but VM_MAYWRITE stays, so mprotect upgrades", () => {
    expect(decideBuggy("maywrite-not-cleared", vma(P, 0, VM_READ | VM_WRITE | VM_SHARED), buf).errno).toBe(-EPERM);
    const { mm, addr, errno } = throughMmap(buggyDriver("maywrite-not-cleared", buf), P, 0);
    expect(errno).toBe(0);
    expect(mprotect(mm, addr, P, PROT_READ | PROT_WRITE)).toBe(0);
    const fixed = throughMmap(readOnlyDriver(buf), P, 0);
    expect(mprotect(fixed.mm, fixed.addr, P, PROT_READ | PROT_WRITE)).toBe(-13); // -EACCES: no VM_MAYWRITE
    expect((fixed.mm.findVma(fixed.addr)?.vm_flags ?? VM_MAYWRITE) & VM_MAYWRITE).toBe(0);
  });

  it("the right check, `off >= BUF_PAGES || npages > BUF_PAGES - off`, refuses every request that maps outside the buffer", () => {
    for (const bug of HANDLER_BUGS) {
      for (const [len, off] of [[17 * P, 0], [P, 16 * P], [0x2000, 0xfffff000], [P, 0x80000000], [2 * P, 15 * P]] as const) {
        const mapped = throughMmap(buggyDriver(bug, buf), len, off);
        const outside = mapped.pfns.some((pfn) => pfn < 0x1000 || pfn >= 0x1010);
        if (outside) expect(fitsBuffer(vma(len, off), buf), `${bug} ${len} ${off}`).toBe(false);
      }
    }
    expect(fitsBuffer(vma(16 * P, 0), buf)).toBe(true);
    expect(fitsBuffer(vma(P, 15 * P), buf)).toBe(true);
  });

  it("prints the C with BUF_BYTES as an int, so the signed compare really is signed (C11 6.3.1.8)", () => {
    for (const bug of HANDLER_BUGS) expect(buggyHandlerSource(bug, 16)).toContain("#define BUF_BYTES (BUF_PAGES * 4096)");
    expect(buggyHandlerSource("maywrite-not-cleared", 16)).not.toContain("vm_flags_clear");
  });
});
