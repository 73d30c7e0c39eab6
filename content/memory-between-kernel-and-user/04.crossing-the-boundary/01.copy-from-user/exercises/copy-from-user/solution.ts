// The reference copy_from_user, written with nothing but what a learner has: the kernel API the exercise passes in.

/** The kernel's side of the boundary (the same declarations as the starter's). */
export interface UserAccess {
  accessOk(ptr: bigint, n: number): boolean;
  userByte(ptr: bigint): number | "fault";
}

/**
 * copy_from_user(to, from, n): copies the readable prefix of [from, from + n) into to[0..n), zero-fills the rest of
 * to[0..n), and returns the bytes NOT copied. A range that fails access_ok is never read: all n bytes are zeroed.
 */
export function copyFromUser(k: UserAccess, to: Uint8Array, from: bigint, n: number): number {
  if (n === 0) return 0;
  let copied = 0;
  if (k.accessOk(from, n)) {
    while (copied < n) {
      const byte = k.userByte(from + BigInt(copied));
      if (byte === "fault") break; // the exception-table fixup: stop at the first byte that cannot be read
      to[copied] = byte;
      copied++;
    }
  }
  // Whatever was not copied must not leak stale kernel memory to the caller.
  to.fill(0, copied, n);
  return n - copied;
}
