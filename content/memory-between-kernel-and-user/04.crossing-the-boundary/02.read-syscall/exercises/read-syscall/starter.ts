import { EFAULT } from "@pagewise/sim";
// Also in "@pagewise/sim": EINVAL.

/**
 * The kernel's side of the boundary, passed to you as `k`.
 *
 *   k.copy_to_user(to, from, n)  stores from[0..n) at the user address `to` (between STAC and CLAC, with an
 *                                exception-table entry) and returns the number of bytes NOT copied: 0 when all n
 *                                arrived, n when none did. It runs access_ok itself. n must not exceed from.length.
 *   k.access_ok(ptr, n)          true when [ptr, ptr + n) lies in user space (range only, never what is mapped).
 */
export interface Kernel {
  copy_to_user(to: bigint, from: Uint8Array, n: number): number;
  access_ok(ptr: bigint, n: number): boolean;
}

/** The device: its first `size` bytes of `data` are the data (the allocation may be longer). */
export interface DevBuffer {
  data: Uint8Array;
  size: number;
}

/** struct file: your driver keeps its device in private_data. */
export interface DevFile {
  private_data: DevBuffer;
}

/** loff_t *ppos: read the position as ppos.pos, and write it back the same way. */
export interface Loff {
  pos: number;
}

/**
 * The read() file operation of a character device: copy up to `count` bytes of the device, starting at offset
 * *ppos, to the user buffer `buf` (a bigint: any 64-bit value a process passed).
 *
 * Return the number of bytes read (and advance *ppos by it), 0 at the end of the device, or a negative errno.
 */
export function devRead(k: Kernel, file: DevFile, buf: bigint, count: number, ppos: Loff): number {
  const dev = file.private_data;
  // 1. A negative *ppos is -EINVAL; at or past the end (or count 0) there is nothing to read: return 0.
  // 2. Never copy more than is left: count = min(count, dev.size - *ppos).
  // 3. copy_to_user returns the bytes NOT copied: all of them means -EFAULT; fewer means a short read.
  // 4. Advance *ppos by the bytes that arrived, and return that number.

  // For now: stop at the end of the device, but forget *ppos afterwards and treat a short copy as complete.
  if (count === 0 || ppos.pos >= dev.size) return 0;
  const n = Math.min(count, dev.size - ppos.pos);
  if (k.copy_to_user(buf, dev.data.subarray(ppos.pos), n) === n) return -EFAULT;
  return n;
}
