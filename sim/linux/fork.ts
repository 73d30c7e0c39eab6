import { Mm, type Vma } from "./mm";
import { VM_DONTCOPY, VM_MIXEDMAP, VM_PFNMAP, VM_SHARED } from "./vm-flags";

/**
 * dup_mmap() for fork: every VMA but VM_DONTCOPY ones is copied (->open called, the file pinned again). Private
 * pages become copy-on-write: both PTEs lose write and the page gains a reference. Shared anonymous pages are
 * shared; PFN and mixed maps keep their PTEs (they cannot be re-faulted); other shared file pages are left to fault
 * again in the child (the exact copy condition is [R]).
 */
export function fork(parent: Mm): Mm {
  const child = new Mm(parent.pages);
  child.mmapBase = parent.mmapBase;
  for (const vma of parent.vmas) {
    if ((vma.vm_flags & VM_DONTCOPY) !== 0) continue;
    const copy: Vma = { ...vma };
    child.insertVma(copy);
    if (copy.vm_file !== null) copy.vm_file.f_count++;
    copy.vm_ops?.open?.(copy);
    const special = (vma.vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) !== 0;
    const shared = (vma.vm_flags & VM_SHARED) !== 0;
    if (shared && vma.vm_file !== null && !special) continue;
    for (let a = vma.vm_start; a < vma.vm_end; a += 4096) {
      const pte = parent.findPte(a);
      if (pte === null) continue;
      if (pte.page !== null) parent.pages.get(pte.page);
      if (!shared && !special) pte.writable = false; // copy-on-write in both
      child.setPte(a, { ...pte });
    }
  }
  return child;
}
