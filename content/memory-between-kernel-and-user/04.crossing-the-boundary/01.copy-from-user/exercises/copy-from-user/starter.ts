/**
 * The kernel's side of the boundary, passed to you as `k`.
 *
 *   k.accessOk(ptr, n)  access_ok() as x86-64 checks it today: true when [ptr, ptr + n) lies in user space
 *                       (ptr + n <= USER_PTR_MAX = 0x7ffffffff000, without wrapping past 2^64). It checks the
 *                       range only: it never looks at what is mapped.
 *   k.userByte(ptr)     one user byte, read the way the copy instruction does it (inside STAC/CLAC, with an
 *                       exception-table entry): the byte 0..255, or "fault" when the page fault could not be
 *                       resolved (no VMA, a PROT_NONE VMA, not a user address) and the fixup ran instead. A page
 *                       that is not present yet but lies in a readable VMA is faulted in for you.
 */
export interface UserAccess {
  accessOk(ptr: bigint, n: number): boolean;
  userByte(ptr: bigint): number | "fault";
}

/**
 * copy_from_user(to, from, n): copy n bytes from the user pointer `from` into the kernel buffer `to`.
 *
 *   k      the kernel API above
 *   to     the kernel buffer; it holds at least n bytes of stale kernel memory
 *   from   the user pointer, any 64-bit value (a bigint: kernel pointers do not fit a number)
 *   n      how many bytes, 0 .. 16384
 *
 * Return the number of bytes NOT copied: 0 when everything was copied, n when nothing was.
 * Pointers are bigints: the address of byte i is from + BigInt(i).
 */
export function copyFromUser(k: UserAccess, to: Uint8Array, from: bigint, n: number): number {
  // 1. Check the whole range with k.accessOk before touching user memory: a refused range is never read.
  // 2. Copy byte by byte; the first "fault" ends the copy (the bytes after it are not copied, even if readable).
  // 3. Zero-fill what was not copied: to[copied .. n-1] must not keep stale kernel bytes.

  // For now: copy until the first fault and report success, which is wrong in several ways.
  for (let i = 0; i < n; i++) {
    const byte = k.userByte(from + BigInt(i));
    if (byte === "fault") break;
    to[i] = byte;
  }
  return 0;
}
