import { EBUSY, EINVAL, EPERM } from "../errno";
import { VM_FAULT_SIGBUS, type SimFile, type Vma, type VmFault, type VmOperations } from "../mm";
import type { Page } from "../pages";
import { VM_DONTDUMP, VM_DONTEXPAND, VM_EXEC, VM_MAYEXEC, VM_MAYSHARE, VM_MAYWRITE, VM_WRITE } from "../vm-flags";
import type { Driver } from "./device-file";
import { get_page, put_page } from "./kernel-pages";
import { vm_flags_clear, vm_flags_set } from "./vma-mm";

// The fault-handler way to share a buffer (facts §4.3 "Fault-handler approach", E12): ->mmap only validates and
// installs vm_ops; each page is mapped on first touch by ->fault with a reference of its own; open/close count the
// VMAs that still map the buffer, so the buffer cannot be freed under them (B13).

/** The driver's state, visible to tests and widgets. */
export interface FaultBufferState {
  readonly pages: readonly Page[];
  /** VMAs currently mapping the buffer: +1 per mmap, split piece and fork copy; -1 per VMA unmapped. */
  mapCount: number;
  /** Pages handed to the core by ->fault (each with the reference the PTE will own). */
  faults: number;
  freed: boolean;
}

export interface FaultDriver {
  readonly driver: Driver;
  readonly state: FaultBufferState;
  /** ioctl(FREE): -EBUSY while any VMA maps the buffer, else drops the driver's references and returns 0. */
  free(): number;
}

/**
 * A driver sharing `pages` through ->fault. ->mmap requires MAP_SHARED (VM_MAYSHARE: a read-only fd keeps it), checks
 * vm_pgoff and the length in page units in subtraction form (-EINVAL), refuses VM_WRITE/VM_EXEC with -EPERM when
 * `readOnly` (clearing VM_MAYWRITE/VM_MAYEXEC), and sets VM_DONTEXPAND|VM_DONTDUMP so mremap cannot grow it.
 * ->fault gives SIGBUS for vmf.pgoff past the buffer, otherwise get_page() and vmf.page.
 */
export function createFaultDriver(name: string, pages: readonly Page[], options: { readOnly: boolean }): FaultDriver {
  const state: FaultBufferState = { pages, mapCount: 0, faults: 0, freed: false };
  const count = pages.length;
  const ops: VmOperations = {
    open: () => void state.mapCount++,
    close: () => void state.mapCount--,
    fault(vmf: VmFault): number {
      if (state.freed || vmf.pgoff >= count) return VM_FAULT_SIGBUS;
      const page = pages[vmf.pgoff];
      if (page === undefined) return VM_FAULT_SIGBUS;
      get_page(page);
      vmf.page = page;
      state.faults++;
      return 0;
    },
  };
  const driver: Driver = {
    name,
    mmap(_file: SimFile, vma: Vma): number {
      const npages = (vma.vm_end - vma.vm_start) / 4096;
      const off = vma.vm_pgoff;
      if ((vma.vm_flags & VM_MAYSHARE) === 0) return -EINVAL;
      if (options.readOnly) {
        if ((vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) return -EPERM;
        vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
      }
      if (state.freed || off >= count || npages > count - off) return -EINVAL;
      vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
      vma.vm_ops = ops;
      vma.vm_private_data = state;
      ops.open?.(vma); // ->mmap itself is not followed by ->open: count the first VMA here
      return 0;
    },
  };
  return {
    driver,
    state,
    free(): number {
      if (state.mapCount > 0) return -EBUSY;
      if (!state.freed) for (const page of pages) put_page(page);
      state.freed = true;
      return 0;
    },
  };
}
