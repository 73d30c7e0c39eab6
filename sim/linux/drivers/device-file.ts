import type { Mm, SimFile, Vma } from "../mm";
import { munmap } from "../mmap";
import { bindVmaMm } from "./vma-mm";

// A character device opened by a process: the struct file whose ->mmap is the driver's, and exit_mmap.

/** A driver's file operations for its device node. `mmap` returns 0 or -errno, as in C. */
export interface Driver {
  readonly name: string;
  mmap(file: SimFile, vma: Vma): number;
  release?(file: SimFile): void;
}

/**
 * open("/dev/<name>") by the process owning `mm`: a struct file (f_count 1 for the fd) whose ->mmap binds the new
 * VMA to `mm` (vma->vm_mm, so remap_pfn_range and vm_insert_page can install PTEs) and calls the driver's.
 * close(fd) is `fput(file)`; the driver's release runs once the fd and every VMA are gone.
 */
export function openDevice(mm: Mm, driver: Driver, mode: { read: boolean; write: boolean }, privateData?: unknown): SimFile {
  const file: SimFile = {
    name: `/dev/${driver.name}`,
    kind: "chr",
    fmodeRead: mode.read,
    fmodeWrite: mode.write,
    f_count: 1,
    private_data: privateData,
    f_op: {
      mmap(f: SimFile, vma: Vma): number {
        if (!mm.vmas.includes(vma)) throw new Error(`${f.name}: mapped into a process other than the one that opened it`);
        bindVmaMm(vma, mm);
        return driver.mmap(f, vma);
      },
    },
  };
  if (driver.release !== undefined) {
    const release = driver.release.bind(driver);
    file.f_op.release = (f) => release(f);
  }
  return file;
}

/** exit_mmap(): a process exiting (or exec'ing) unmaps everything, so every VMA gets ->close and drops its file. */
export function exit_mmap(mm: Mm): void {
  for (const vma of [...mm.vmas]) munmap(mm, vma.vm_start, vma.vm_end - vma.vm_start);
}
