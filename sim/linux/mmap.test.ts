import { describe, expect, it } from "vitest";
import { PF_P, PF_U, PF_W } from "../x86/constants";
import { EACCES, EFAULT, EINVAL, ENODEV, EOVERFLOW } from "./errno";
import { fork } from "./fork";
import { Mm, VM_FAULT_SIGBUS, type SimFile, type Vma } from "./mm";
import { mmap, mprotect, mremap, munmap } from "./mmap";
import { handlePageFault } from "./page-fault";
import { PageAllocator } from "./pages";
import { touchUser } from "./user-access";
import {
  MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PAGE_COPY, PAGE_READONLY, PROT_READ, PROT_WRITE, VM_ACCOUNT, VM_DONTEXPAND, VM_MAYEXEC,
  VM_MAYREAD, VM_MAYSHARE, VM_MAYWRITE, VM_READ, VM_SHARED, VM_WRITE,
} from "./vm-flags";

const user = { fromUser: true, smap: true, ac: false, hasExtable: false };

function device(opts: { read?: boolean; write?: boolean; mmap?: ((f: SimFile, v: Vma) => number) | null } = {}): SimFile {
  const handler = opts.mmap === undefined ? () => 0 : opts.mmap;
  return { name: "dev", kind: "chr", fmodeRead: opts.read ?? true, fmodeWrite: opts.write ?? true, f_count: 1, f_op: handler === null ? {} : { mmap: handler } };
}

describe("mmap(2) -> VMA (E10)", () => {
  const mm = () => new Mm(new PageAllocator());

  it("len 0 is -EINVAL; len 1 maps one page", () => {
    expect(mmap(mm(), 0, 0, PROT_READ, MAP_SHARED, device())).toEqual({ ok: false, errno: EINVAL });
    const r = mmap(mm(), 0, 1, PROT_READ, MAP_SHARED, device());
    expect(r.ok && r.vma.vm_end - r.vma.vm_start).toBe(4096);
  });

  it("an unaligned offset is -EINVAL; offset -4096 is -EOVERFLOW", () => {
    expect(mmap(mm(), 0, 4096, PROT_READ, MAP_SHARED, device(), 100)).toEqual({ ok: false, errno: EINVAL });
    expect(mmap(mm(), 0, 4096, PROT_READ, MAP_SHARED, device(), -4096)).toEqual({ ok: false, errno: EOVERFLOW });
  });

  it("MAP_SHARED|PROT_WRITE on an O_RDONLY fd is -EACCES", () => {
    expect(mmap(mm(), 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, device({ write: false }))).toEqual({ ok: false, errno: EACCES });
  });

  it("MAP_PRIVATE|PROT_WRITE on O_RDONLY is allowed with PAGE_COPY", () => {
    const r = mmap(mm(), 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, device({ write: false }), 8192);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.vma.vm_page_prot).toBe(PAGE_COPY);
    expect(r.vma.vm_pgoff).toBe(2);
    expect(r.vma.vm_flags).toBe(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT);
  });

  it("MAP_SHARED on O_RDONLY clears VM_MAYWRITE (and VM_SHARED): a later mprotect(PROT_WRITE) is -EACCES", () => {
    const m = mm();
    const r = mmap(m, 0, 4096, PROT_READ, MAP_SHARED, device({ write: false }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.vma.vm_flags).toBe(VM_READ | VM_MAYREAD | VM_MAYEXEC | VM_MAYSHARE);
    expect(r.vma.vm_page_prot).toBe(PAGE_READONLY);
    expect(mprotect(m, r.addr, 4096, PROT_READ | PROT_WRITE)).toBe(-EACCES);
  });

  it("an fd without ->mmap is -ENODEV; the handler's error is returned and the VMA torn down", () => {
    expect(mmap(mm(), 0, 4096, PROT_READ, MAP_SHARED, device({ mmap: null }))).toEqual({ ok: false, errno: ENODEV });
    const m = mm();
    const f = device({ mmap: () => -EINVAL });
    expect(mmap(m, 0, 4096, PROT_READ, MAP_SHARED, f)).toEqual({ ok: false, errno: EINVAL });
    expect(m.vmas).toEqual([]);
    expect(f.f_count).toBe(1);
  });

  it("the mapping pins the file: release runs after close(fd) and munmap, not before", () => {
    const m = mm();
    let released = 0;
    const f = device();
    f.f_op.release = () => released++;
    const r = mmap(m, 0, 8192, PROT_READ, MAP_SHARED, f);
    if (!r.ok) throw new Error("mmap");
    f.f_count--; // close(fd)
    expect(released).toBe(0);
    expect(munmap(m, r.addr, 4096)).toBe(0); // split: one VMA left, still holding the file
    expect(released).toBe(0);
    expect(munmap(m, r.addr + 4096, 4096)).toBe(0);
    expect(released).toBe(1);
  });
});

describe("munmap, mremap, fork and the fault decision tree (facts §1.7, §4.5)", () => {
  it("munmap in the middle splits twice (->open per new piece), closes the middle and advances vm_pgoff", () => {
    const m = new Mm(new PageAllocator());
    let opens = 0;
    let closes = 0;
    const f = device({ mmap: (_f, v) => ((v.vm_ops = { open: () => opens++, close: () => closes++ }), 0) });
    const r = mmap(m, 0, 4 * 4096, PROT_READ, MAP_SHARED, f, 0x10000);
    if (!r.ok) throw new Error("mmap");
    expect(munmap(m, r.addr + 4096, 4096)).toBe(0);
    expect(m.vmas.map((v) => [v.vm_start - r.addr, v.vm_end - r.addr, v.vm_pgoff])).toEqual([[0, 4096, 16], [8192, 16384, 18]]);
    expect([opens, closes]).toEqual([2, 1]);
    expect(handlePageFault(m, BigInt(r.addr + 4096), PF_U, user)).toEqual({ kind: "sigsegv", code: "SEGV_MAPERR" });
  });

  it("mremap growth of a VM_DONTEXPAND mapping is -EFAULT; shrinking works", () => {
    const m = new Mm(new PageAllocator());
    const r = mmap(m, 0, 8192, PROT_READ, MAP_SHARED, device({ mmap: (_f, v) => ((v.vm_flags |= VM_DONTEXPAND), 0) }));
    if (!r.ok) throw new Error("mmap");
    expect(mremap(m, r.addr, 8192, 12288)).toEqual({ ok: false, errno: EFAULT });
    expect(mremap(m, r.addr, 8192, 4096)).toEqual({ ok: true, addr: r.addr });
  });

  it("demand zero, then fork makes the page copy-on-write in both processes", () => {
    const parent = new Mm(new PageAllocator());
    const r = mmap(parent, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null);
    if (!r.ok) throw new Error("mmap");
    const a = BigInt(r.addr);
    const w = touchUser(parent, a, true, user);
    expect(parent.faults.map((f) => f.outcome)).toEqual(["resolved (demand-zero)"]);
    if (w.ok) w.bytes[w.offset] = 42;
    const child = fork(parent);
    expect(parent.findPte(r.addr)?.page?.refcount).toBe(2);
    const cw = touchUser(child, a, true, user);
    if (cw.ok) cw.bytes[cw.offset] = 7;
    expect(child.faults.map((f) => f.outcome)).toEqual(["resolved (cow-copy)"]);
    const pr = touchUser(parent, a, false, user);
    expect(pr.ok && pr.bytes[pr.offset]).toBe(42);
    expect(touchUser(parent, a, true, user).ok).toBe(true);
    expect(parent.faults.at(-1)?.outcome).toBe("resolved (cow-reuse)"); // the child's copy left it the only user
  });

  it("E5 cases: ACCERR, RSVD oops, SMAP with an extable entry still oopses, pagefault_disable gives the fixup", () => {
    const m = new Mm(new PageAllocator());
    const r = mmap(m, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, null);
    if (!r.ok) throw new Error("mmap");
    const a = BigInt(r.addr);
    expect(handlePageFault(m, a, PF_U | PF_W, user)).toEqual({ kind: "sigsegv", code: "SEGV_ACCERR" });
    expect(handlePageFault(m, a, PF_U | PF_P, user)).toEqual({ kind: "sigsegv", code: "SEGV_ACCERR" }); // present read
    expect(handlePageFault(m, a, PF_P | 0x8, { smap: true, ac: false, hasExtable: true }).kind).toBe("oops");
    expect(handlePageFault(m, a, 0, { smap: true, ac: false, hasExtable: true }).kind).toBe("oops");
    expect(handlePageFault(m, a, 0, { smap: true, ac: true, hasExtable: true, pagefaultsDisabled: true })).toEqual({ kind: "fixup" });
    expect(handlePageFault(m, 0xffff888000000000n, 0, { smap: true, ac: true, hasExtable: false }).kind).toBe("oops");
    expect(handlePageFault(m, 0xffff888000000000n, PF_U, user)).toEqual({ kind: "sigsegv", code: "SEGV_MAPERR" });
  });

  it("a driver ->fault past the buffer gives SIGBUS; inside it maps the page with the handler's reference", () => {
    const m = new Mm(m0());
    const page = m.pages.alloc();
    const f = device({
      mmap: (_f, v) => {
        v.vm_ops = { fault: (vmf) => (vmf.pgoff >= 1 ? VM_FAULT_SIGBUS : (m.pages.get(page), (vmf.page = page), 0)) };
        return 0;
      },
    });
    const r = mmap(m, 0, 8192, PROT_READ, MAP_SHARED, f);
    if (!r.ok) throw new Error("mmap");
    expect(touchUser(m, BigInt(r.addr), false, user).ok).toBe(true);
    expect(page.refcount).toBe(2);
    expect(touchUser(m, BigInt(r.addr + 4096), false, user)).toEqual({ ok: false, outcome: { kind: "sigbus" } });
    munmap(m, r.addr, 8192);
    expect(page.refcount).toBe(1);
    expect(m.pages.refcountBugs).toEqual([]);
    expect(VM_SHARED).toBe(8);
  });
});

function m0(): PageAllocator {
  return new PageAllocator();
}
