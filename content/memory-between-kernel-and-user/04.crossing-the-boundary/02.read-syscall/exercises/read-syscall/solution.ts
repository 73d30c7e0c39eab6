import { EFAULT, EINVAL } from "@pagewise/sim";

// The reference read(), written with nothing but what a learner has: the kernel API passed in as `k`. It is
// simple_read_from_buffer() of fs/libfs.c, line for line.

/** The kernel's side of the boundary (the same declarations as the starter's). */
export interface Kernel {
  copy_to_user(to: bigint, from: Uint8Array, n: number): number;
  access_ok(ptr: bigint, n: number): boolean;
}

export interface DevBuffer {
  data: Uint8Array;
  size: number;
}

export interface DevFile {
  private_data: DevBuffer;
}

export interface Loff {
  pos: number;
}

/**
 * read(file, buf, count, ppos) of a character device over dev.size bytes: copies min(count, size - *ppos) bytes from
 * offset *ppos to the user buffer, advances *ppos by what was copied and returns it; 0 at or past the end or for
 * count 0; -EFAULT when not one byte could be stored (*ppos unchanged); -EINVAL for a negative *ppos.
 */
export function devRead(k: Kernel, file: DevFile, buf: bigint, count: number, ppos: Loff): number {
  const dev = file.private_data;
  const pos = ppos.pos;
  if (pos < 0) return -EINVAL;
  if (pos >= dev.size || count === 0) return 0;
  if (count > dev.size - pos) count = dev.size - pos;
  const notCopied = k.copy_to_user(buf, dev.data.subarray(pos), count);
  if (notCopied === count) return -EFAULT;
  // A partial copy is a short read: user space gets the bytes that did arrive and asks again for the rest.
  count -= notCopied;
  ppos.pos = pos + count;
  return count;
}
