import type { Mm, Vma } from "../mm";
import { VM_MAYWRITE, VM_SHARED } from "../vm-flags";

// vma->vm_mm: which address space a VMA belongs to, so the mapping primitives can install PTEs. The process model's
// Vma has no back pointer; the device file (device-file.ts) binds each VMA it hands to a driver's ->mmap.

const vmaOwners = new WeakMap<Vma, Mm>();

/** Records that `vma` lives in `mm` (done before a driver's ->mmap runs). */
export function bindVmaMm(vma: Vma, mm: Mm): void {
  vmaOwners.set(vma, mm);
}

/** vma->vm_mm, or null for a VMA no device file has bound. */
export function findVmaMm(vma: Vma): Mm | null {
  return vmaOwners.get(vma) ?? null;
}

/** vm_flags_set() (6.3+; older kernels wrote vma->vm_flags |= flags). */
export function vm_flags_set(vma: Vma, flags: number): void {
  vma.vm_flags |= flags;
}

/** vm_flags_clear(): e.g. VM_MAYWRITE, so a later mprotect(PROT_WRITE) fails with -EACCES (facts §4.2 rule 2). */
export function vm_flags_clear(vma: Vma, flags: number): void {
  vma.vm_flags &= ~flags;
}

/** is_cow_mapping(): a private mapping that may become writable (VM_MAYWRITE without VM_SHARED). */
export function is_cow_mapping(vmFlags: number): boolean {
  return (vmFlags & (VM_SHARED | VM_MAYWRITE)) === VM_MAYWRITE;
}
