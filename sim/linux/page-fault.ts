import { PAGE_SIZE, PF_I, PF_P, PF_PK, PF_RSVD, PF_U, PF_W } from "../x86/constants";
import { VM_FAULT_NOPAGE, VM_FAULT_SIGBUS, type Mm, type Pte, type Vma, type VmFault } from "./mm";
import { VM_EXEC, VM_READ, VM_SHARED, VM_WRITE } from "./vm-flags";

/** TASK_SIZE_MAX with 4-level paging: (1 << 47) - PAGE_SIZE (facts §1.6). */
export const TASK_SIZE_MAX = 0x7ffffffff000;

/** Where a #PF ends (facts §1.7). "resolved" means the faulting instruction is retried and now succeeds. */
export type FaultOutcome =
  | { kind: "resolved"; how: "demand-zero" | "zero-page" | "cow-copy" | "cow-reuse" | "shared-write" | "shared-anon" | "driver" | "protnone-restored" | "spurious" }
  | { kind: "sigsegv"; code: "SEGV_MAPERR" | "SEGV_ACCERR" | "SEGV_PKUERR" }
  | { kind: "sigbus" }
  | { kind: "fixup" }
  | { kind: "oops"; reason: string };

/** The CPU and kernel state the handler looks at besides the mm. */
export interface FaultContext {
  /** CR4.SMAP. */
  smap: boolean;
  /** EFLAGS.AC at the fault (set between STAC and CLAC). */
  ac: boolean;
  /** pagefault_disable() or atomic context: no sleeping fault handling. */
  pagefaultsDisabled?: boolean;
  /** Whether the faulting kernel instruction has an exception-table entry (copy_*_user, get/put_user do). */
  hasExtable: boolean;
}

/**
 * exc_page_fault for a fault at `address` with the hardware error code (facts §1.5), following arch/x86/mm/fault.c:
 * kernel-half addresses go to bad_area (SIGSEGV from user mode, fixup or oops from the kernel); user-half faults
 * check, in order, a kernel fetch from user memory, RSVD, SMAP (oops, no fixup even with an extable entry),
 * pagefault_disable, the VMA (MAPERR), access_error (ACCERR) and then handle_mm_fault (demand zero, COW, the
 * driver's ->fault, SIGBUS). A resolved fault has updated the page table.
 */
export function handlePageFault(mm: Mm | null, address: bigint, errorCode: number, ctx: FaultContext): FaultOutcome {
  const outcome = decide(mm, address, errorCode, ctx);
  mm?.faults.push({ address, errorCode, outcome: describeOutcome(outcome) });
  return outcome;
}

/** "SIGSEGV (SEGV_MAPERR)", "resolved (cow-copy)", "oops: SMAP violation", ... */
export function describeOutcome(o: FaultOutcome): string {
  switch (o.kind) {
    case "resolved":
      return `resolved (${o.how})`;
    case "sigsegv":
      return `SIGSEGV (${o.code})`;
    case "sigbus":
      return "SIGBUS";
    case "fixup":
      return "exception-table fixup";
    case "oops":
      return `oops: ${o.reason}`;
  }
}

function decide(mm: Mm | null, address: bigint, errorCode: number, ctx: FaultContext): FaultOutcome {
  const fromUser = (errorCode & PF_U) !== 0;
  // Kernel code that cannot resolve a fault either jumps to its fixup or dies.
  const badArea = (code: "SEGV_MAPERR" | "SEGV_ACCERR" | "SEGV_PKUERR", why: string): FaultOutcome =>
    fromUser ? { kind: "sigsegv", code } : ctx.hasExtable ? { kind: "fixup" } : { kind: "oops", reason: why };

  if (address >= BigInt(TASK_SIZE_MAX)) return badArea("SEGV_MAPERR", "kernel-mode fault on a kernel address");
  if (!fromUser && (errorCode & PF_I) !== 0) return { kind: "oops", reason: "kernel-mode instruction fetch from a user address" };
  if ((errorCode & PF_RSVD) !== 0) return { kind: "oops", reason: "reserved bit set in a page-table entry (pgtable_bad)" };
  if (ctx.smap && !fromUser && !ctx.ac) return { kind: "oops", reason: "SMAP violation: kernel access to a user address without STAC" };
  if (ctx.pagefaultsDisabled === true || mm === null) return badArea("SEGV_MAPERR", "page faults disabled");

  const addr = Number(address);
  const vma = mm.findVma(addr);
  if (vma === null) return badArea("SEGV_MAPERR", "no VMA at the address");
  if (isAccessError(errorCode, vma)) return badArea((errorCode & PF_PK) !== 0 ? "SEGV_PKUERR" : "SEGV_ACCERR", "access not allowed by the VMA");
  return handleMmFault(mm, vma, addr - (addr % PAGE_SIZE), (errorCode & PF_W) !== 0, fromUser, ctx);
}

// access_error(): a write needs VM_WRITE; a protection fault on a read is an error; a not-present read needs any of
// READ/WRITE/EXEC; protection-key faults always are.
function isAccessError(errorCode: number, vma: Vma): boolean {
  if ((errorCode & PF_PK) !== 0) return true;
  if ((errorCode & PF_W) !== 0) return (vma.vm_flags & VM_WRITE) === 0;
  if ((errorCode & PF_P) !== 0) return true;
  return (vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0;
}

function handleMmFault(mm: Mm, vma: Vma, page: number, write: boolean, fromUser: boolean, ctx: FaultContext): FaultOutcome {
  const pte = mm.findPte(page);
  if (pte !== null && !pte.present) {
    // A PROT_NONE page that got its rights back through mprotect: the frame is still there.
    pte.present = true;
    pte.writable = write && (vma.vm_flags & VM_SHARED) !== 0;
    return write && !pte.writable ? wpFault(mm, vma, pte) : { kind: "resolved", how: "protnone-restored" };
  }
  if (pte !== null) return write && !pte.writable ? wpFault(mm, vma, pte) : { kind: "resolved", how: "spurious" };
  const pgoff = vma.vm_pgoff + (page - vma.vm_start) / PAGE_SIZE;
  const shared = (vma.vm_flags & VM_SHARED) !== 0;
  if (vma.vm_ops?.fault) {
    const vmf: VmFault = { vma, address: page, pgoff, write, page: null };
    const ret = vma.vm_ops.fault(vmf);
    if ((ret & VM_FAULT_SIGBUS) !== 0 || (ret !== 0 && (ret & VM_FAULT_NOPAGE) === 0)) {
      return fromUser ? { kind: "sigbus" } : ctx.hasExtable ? { kind: "fixup" } : { kind: "oops", reason: "VM_FAULT_SIGBUS in kernel mode" };
    }
    if ((ret & VM_FAULT_NOPAGE) !== 0) return { kind: "resolved", how: "driver" };
    if (vmf.page === null) return { kind: "oops", reason: "->fault returned 0 without a page (NULL dereference)" };
    if (write && !shared) {
      // do_cow_fault: copy the driver's page into a private one and drop the handler's reference.
      const copy = mm.pages.alloc("anon");
      mm.pages.bytes(copy.pfn).set(mm.pages.bytes(vmf.page.pfn));
      mm.pages.put(vmf.page);
      mm.setPte(page, { pfn: copy.pfn, page: copy, writable: true, present: true });
      return { kind: "resolved", how: "cow-copy" };
    }
    mm.setPte(page, { pfn: vmf.page.pfn, page: vmf.page, writable: shared && (vma.vm_flags & VM_WRITE) !== 0, present: true });
    return { kind: "resolved", how: "driver" };
  }
  if (vma.vm_file !== null || ((vma.vm_flags & VM_SHARED) !== 0 && vma.anonShared === null)) {
    // A file or PFN mapping without ->fault: nothing can populate it (remap_pfn_range already did, or never will).
    return fromUser ? { kind: "sigbus" } : ctx.hasExtable ? { kind: "fixup" } : { kind: "oops", reason: "unpopulated special mapping" };
  }
  if (vma.anonShared !== null) {
    let obj = vma.anonShared.get(pgoff);
    if (obj === undefined) vma.anonShared.set(pgoff, (obj = mm.pages.alloc("anon")));
    mm.pages.get(obj);
    mm.setPte(page, { pfn: obj.pfn, page: obj, writable: write, present: true });
    return { kind: "resolved", how: "shared-anon" };
  }
  if (!write) {
    // do_anonymous_page on a read maps the shared zero page read-only; the first write will copy it.
    mm.setPte(page, { pfn: mm.pages.zeroPage.pfn, page: mm.pages.zeroPage, writable: false, present: true });
    return { kind: "resolved", how: "zero-page" };
  }
  const fresh = mm.pages.alloc("anon");
  mm.setPte(page, { pfn: fresh.pfn, page: fresh, writable: true, present: true });
  return { kind: "resolved", how: "demand-zero" };
}

// do_wp_page: a write to a present read-only PTE in a VMA with VM_WRITE (access_error already passed).
function wpFault(mm: Mm, vma: Vma, pte: Pte): FaultOutcome {
  if ((vma.vm_flags & VM_SHARED) !== 0) {
    pte.writable = true;
    return { kind: "resolved", how: "shared-write" };
  }
  const old = pte.page;
  if (old !== null && old.kind !== "zero" && old.refcount === 1) {
    pte.writable = true; // the only user of an anonymous page reuses it
    return { kind: "resolved", how: "cow-reuse" };
  }
  const copy = mm.pages.alloc("anon");
  mm.pages.bytes(copy.pfn).set(mm.pages.bytes(pte.pfn));
  if (old !== null) mm.pages.put(old);
  pte.pfn = copy.pfn;
  pte.page = copy;
  pte.writable = true;
  return { kind: "resolved", how: "cow-copy" };
}
