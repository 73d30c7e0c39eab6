import { PAGE_SIZE } from "../x86/constants";
import { EACCES, EFAULT, EINVAL, ENODEV, ENOMEM, EOVERFLOW, EPERM, type SysResult } from "./errno";
import type { Mm, SimFile, Vma } from "./mm";
import { TASK_SIZE_MAX } from "./page-fault";
import {
  calcVmFlagBits, calcVmProtBits, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_WRITE, VM_ACCOUNT,
  VM_DONTEXPAND, VM_EXEC, VM_MAYEXEC, VM_MAYREAD, VM_MAYSHARE, VM_MAYWRITE, VM_PFNMAP, VM_READ, VM_SHARED, VM_WRITE, vmGetPageProt,
} from "./vm-flags";

const U64 = (1n << 64n) - 1n;
const PAGE = BigInt(PAGE_SIZE);

/**
 * x86-64 mmap(addr, len, prot, flags, fd, off) through sys_mmap, do_mmap and mmap_region, with the kernel's checks in
 * its order (facts §4.1): unaligned off -EINVAL; len 0 -EINVAL; PAGE_ALIGN(len) = 0 -ENOMEM; pgoff + pages wraps
 * -EOVERFLOW; map count -ENOMEM; no room -ENOMEM; file_mmap_ok -EOVERFLOW; shared write on a read-only fd -EACCES
 * (a shared read-only mapping loses VM_MAYWRITE and VM_SHARED); no FMODE_READ -EACCES; noexec -EPERM; no ->mmap
 * -ENODEV; then the driver's ->mmap, whose error tears the VMA down. `off` and `len` are unsigned 64-bit values.
 */
export function mmap(mm: Mm, addr: number, len: bigint | number, prot: number, flags: number, file: SimFile | null, off: bigint | number = 0n): SysResult<{ addr: number; vma: Vma }> {
  const offset = BigInt.asUintN(64, BigInt(off));
  if ((offset & (PAGE - 1n)) !== 0n) return { ok: false, errno: EINVAL };
  let pgoff = offset >> 12n;
  const length = BigInt.asUintN(64, BigInt(len));
  if (length === 0n) return { ok: false, errno: EINVAL };
  const aligned = (length + PAGE - 1n) & U64 & ~(PAGE - 1n);
  if (aligned === 0n) return { ok: false, errno: ENOMEM };
  if (((pgoff + (aligned >> 12n)) & U64) < pgoff) return { ok: false, errno: EOVERFLOW };
  if (mm.vmas.length > mm.maxMapCount) return { ok: false, errno: ENOMEM };
  const type = flags & (MAP_SHARED | MAP_PRIVATE);
  if (type !== MAP_SHARED && type !== MAP_PRIVATE) return { ok: false, errno: EINVAL };
  const anonymous = file === null || (flags & MAP_ANONYMOUS) !== 0;
  if (aligned > BigInt(TASK_SIZE_MAX)) return { ok: false, errno: ENOMEM };
  const size = Number(aligned);
  const start = getUnmappedArea(mm, addr, size, flags);
  if (start === null) return { ok: false, errno: ENOMEM };

  let vmFlags = calcVmProtBits(prot) | calcVmFlagBits(flags) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
  if (!anonymous && file !== null) {
    if (!fileMmapOk(file, pgoff, aligned)) return { ok: false, errno: EOVERFLOW };
    if (type === MAP_SHARED) {
      if ((prot & PROT_WRITE) !== 0 && !file.fmodeWrite) return { ok: false, errno: EACCES };
      vmFlags |= VM_SHARED | VM_MAYSHARE;
      if (!file.fmodeWrite) vmFlags &= ~(VM_MAYWRITE | VM_SHARED);
    }
    if (!file.fmodeRead) return { ok: false, errno: EACCES };
    if (file.noexecMount === true) {
      if ((vmFlags & VM_EXEC) !== 0) return { ok: false, errno: EPERM };
      vmFlags &= ~VM_MAYEXEC;
    }
    if (file.f_op.mmap === undefined) return { ok: false, errno: ENODEV };
  } else {
    // Anonymous: a private mapping's pgoff is its address in pages; a shared one is an object starting at 0.
    if (type === MAP_SHARED) vmFlags |= VM_SHARED | VM_MAYSHARE;
    pgoff = type === MAP_SHARED ? 0n : BigInt(start / PAGE_SIZE);
  }
  if ((flags & MAP_FIXED) !== 0) munmap(mm, start, size);
  if ((vmFlags & VM_WRITE) !== 0 && (vmFlags & VM_SHARED) === 0) vmFlags |= VM_ACCOUNT;

  const vma: Vma = {
    vm_start: start,
    vm_end: start + size,
    vm_pgoff: Number(pgoff),
    vm_flags: vmFlags,
    vm_page_prot: vmGetPageProt(vmFlags),
    vm_file: anonymous ? null : file,
    vm_ops: null,
    vm_private_data: null,
    anonShared: anonymous && type === MAP_SHARED ? new Map() : null,
  };
  mm.insertVma(vma);
  if (!anonymous && file !== null && file.f_op.mmap !== undefined) {
    file.f_count++; // the VMA pins the file
    const ret = file.f_op.mmap(file, vma);
    if (ret !== 0) {
      mm.zap(vma.vm_start, vma.vm_end);
      mm.vmas.splice(mm.vmas.indexOf(vma), 1);
      fput(file);
      return { ok: false, errno: ret < 0 ? -ret : ret };
    }
  }
  return { ok: true, addr: start, vma };
}

// file_mmap_ok(): a character device may use offsets up to ULONG_MAX, a regular file up to MAX_LFS_FILESIZE; the
// offset in bytes plus the length must not pass it (the 4.17 "sane default mmap limits").
function fileMmapOk(file: SimFile, pgoff: bigint, len: bigint): boolean {
  const maxsize = file.kind === "reg" ? (1n << 63n) - 1n : U64;
  if (len > maxsize) return false;
  return pgoff <= (maxsize - len) >> 12n;
}

// Top-down search below mmapBase, or the hint when it is free (MAP_FIXED takes it regardless).
function getUnmappedArea(mm: Mm, hint: number, size: number, flags: number): number | null {
  if ((flags & MAP_FIXED) !== 0) {
    if (hint % PAGE_SIZE !== 0 || hint + size > TASK_SIZE_MAX) return null;
    return hint;
  }
  const isFree = (at: number) => at >= PAGE_SIZE * 16 && at + size <= TASK_SIZE_MAX && !mm.vmas.some((v) => v.vm_start < at + size && at < v.vm_end);
  if (hint !== 0) {
    const h = hint - (hint % PAGE_SIZE);
    if (isFree(h)) return h;
  }
  let top = mm.mmapBase;
  for (const v of [...mm.vmas].sort((a, b) => b.vm_end - a.vm_end)) {
    if (v.vm_start >= top) continue;
    if (v.vm_end <= top - size) break;
    top = v.vm_start;
  }
  return top - size >= PAGE_SIZE * 16 ? top - size : null;
}

/** fput(): drops a file reference; the driver's release runs when the last fd and VMA are gone. */
export function fput(file: SimFile): void {
  if (--file.f_count === 0) file.f_op.release?.(file);
}

/**
 * munmap(addr, len): 0 or -EINVAL (unaligned addr, len 0, or a ->may_split veto). A VMA partly inside is split: the
 * new piece gets ->open and the upper part's vm_pgoff moves; pages in the range lose their references; each VMA that
 * disappears gets ->close and drops its file.
 */
export function munmap(mm: Mm, addr: number, len: number): number {
  if (addr % PAGE_SIZE !== 0 || len <= 0 || addr + len > TASK_SIZE_MAX) return -EINVAL;
  const end = addr + Math.ceil(len / PAGE_SIZE) * PAGE_SIZE;
  for (const vma of mm.vmas.filter((v) => v.vm_start < end && addr < v.vm_end)) {
    for (const cut of [addr, end]) {
      if (cut > vma.vm_start && cut < vma.vm_end && vma.vm_ops?.may_split) {
        const veto = vma.vm_ops.may_split(vma, cut);
        if (veto !== 0) return veto;
      }
    }
  }
  if (addr > 0) splitAt(mm, addr);
  splitAt(mm, end);
  for (const vma of mm.vmas.filter((v) => v.vm_start >= addr && v.vm_end <= end)) {
    mm.zap(vma.vm_start, vma.vm_end);
    mm.vmas.splice(mm.vmas.indexOf(vma), 1);
    vma.vm_ops?.close?.(vma);
    if (vma.vm_file !== null) fput(vma.vm_file);
  }
  return 0;
}

/** __split_vma: cuts the VMA containing `at` (if any, and not at its start) into [start, at) and [at, end). */
export function splitAt(mm: Mm, at: number): void {
  const vma = mm.findVma(at);
  if (vma === null || vma.vm_start === at) return;
  const upper: Vma = { ...vma, vm_start: at, vm_pgoff: vma.vm_pgoff + (at - vma.vm_start) / PAGE_SIZE };
  vma.vm_end = at;
  if (upper.vm_file !== null) upper.vm_file.f_count++;
  mm.insertVma(upper);
  upper.vm_ops?.open?.(upper);
}

/**
 * mprotect(addr, len, prot): 0, -EINVAL (unaligned), -ENOMEM (a hole in the range) or -EACCES (a right whose VM_MAY*
 * bit is clear: VM_MAYx >> 4 == VM_x). PTEs lose write when the new rights lack it and are hidden (P = 0, PROTNONE)
 * under PROT_NONE; gained rights are granted lazily by the next fault, as Linux does for private mappings.
 */
export function mprotect(mm: Mm, addr: number, len: number, prot: number): number {
  if (addr % PAGE_SIZE !== 0) return -EINVAL;
  if (len === 0) return 0;
  const end = addr + Math.ceil(len / PAGE_SIZE) * PAGE_SIZE;
  const inRange = mm.vmas.filter((v) => v.vm_start < end && addr < v.vm_end);
  let covered = addr;
  for (const v of inRange) {
    if (v.vm_start > covered) return -ENOMEM;
    covered = v.vm_end;
  }
  if (covered < end) return -ENOMEM;
  const want = calcVmProtBits(prot);
  for (const v of inRange) if ((want & ~(v.vm_flags >> 4)) & (VM_READ | VM_WRITE | VM_EXEC)) return -EACCES;
  splitAt(mm, addr);
  splitAt(mm, end);
  for (const v of mm.vmas.filter((x) => x.vm_start >= addr && x.vm_end <= end)) {
    v.vm_flags = (v.vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | want;
    if ((v.vm_flags & (VM_WRITE | VM_SHARED)) === VM_WRITE) v.vm_flags |= VM_ACCOUNT;
    v.vm_page_prot = vmGetPageProt(v.vm_flags);
    for (let a = v.vm_start; a < v.vm_end; a += PAGE_SIZE) {
      const pte = mm.findPte(a);
      if (pte === null) continue;
      pte.present = want !== 0;
      if ((want & VM_WRITE) === 0) pte.writable = false;
    }
  }
  return 0;
}

/**
 * mremap(addr, oldLen, newLen) in place (no MREMAP_MAYMOVE): shrinking unmaps the tail; growing a VMA with
 * VM_DONTEXPAND or VM_PFNMAP gives -EFAULT (vma_to_resize), growing into a used range -ENOMEM.
 */
export function mremap(mm: Mm, addr: number, oldLen: number, newLen: number): SysResult<{ addr: number }> {
  if (addr % PAGE_SIZE !== 0 || newLen === 0) return { ok: false, errno: EINVAL };
  const oldSize = Math.ceil(oldLen / PAGE_SIZE) * PAGE_SIZE;
  const newSize = Math.ceil(newLen / PAGE_SIZE) * PAGE_SIZE;
  if (newSize <= oldSize) {
    if (newSize < oldSize) munmap(mm, addr + newSize, oldSize - newSize);
    return { ok: true, addr };
  }
  const vma = mm.findVma(addr);
  if (vma === null || addr + oldSize > vma.vm_end) return { ok: false, errno: EFAULT };
  if ((vma.vm_flags & (VM_DONTEXPAND | VM_PFNMAP)) !== 0) return { ok: false, errno: EFAULT };
  if (addr + oldSize !== vma.vm_end) return { ok: false, errno: ENOMEM };
  const newEnd = addr + newSize;
  if (newEnd > TASK_SIZE_MAX || mm.vmas.some((v) => v !== vma && v.vm_start < newEnd && vma.vm_end < v.vm_end)) return { ok: false, errno: ENOMEM };
  vma.vm_end = newEnd;
  return { ok: true, addr };
}

