import { EFAULT } from "./errno";
import { accessOk, TASK_SIZE_MAX_4L, type AccessOkOptions } from "./access-ok";
import type { Mm } from "./mm";
import type { FaultOutcome } from "./page-fault";
import { touchUser, type Accessor } from "./user-access";

/** The kernel context of a user copy. Defaults: SMAP on, page faults allowed, today's x86-64 access_ok. */
export interface UaccessOptions {
  smap?: boolean;
  /** pagefault_disable() (the __copy_*_inatomic case): even a valid but not-present page fails. */
  pagefaultsDisabled?: boolean;
  accessOk?: AccessOkOptions;
}

// The copy routines run between STAC and CLAC, and every user-touching instruction has an extable entry.
function copier(options?: UaccessOptions): Accessor {
  return { fromUser: false, smap: options?.smap ?? true, ac: true, hasExtable: true, pagefaultsDisabled: options?.pagefaultsDisabled ?? false };
}

// Copies page by page (every byte of a page is equally accessible) and stops at the first failing page: the x86-64
// copy falls back to a byte loop after a fault, so exactly the accessible prefix moves (facts §3.3).
function copyLoop(mm: Mm, user: bigint, n: number, write: boolean, who: Accessor, move: (bytes: Uint8Array, offset: number, done: number, len: number) => void): number {
  let done = 0;
  while (done < n) {
    const access = touchUser(mm, user + BigInt(done), write, who);
    if (!access.ok) {
      requireFixup(access.outcome);
      break;
    }
    const len = Math.min(n - done, access.bytes.length - access.offset);
    move(access.bytes, access.offset, done, len);
    done += len;
  }
  return n - done;
}

// Inside STAC with an extable entry a failed access always ends in the fixup; an oops there means the model broke.
function requireFixup(outcome: FaultOutcome): void {
  if (outcome.kind !== "fixup") throw new Error(`user copy ended in ${outcome.kind}, not the exception-table fixup`);
}

function requireFits(buffer: Uint8Array, n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > buffer.length) throw new RangeError(`${what}: n = ${n} does not fit the ${buffer.length}-byte kernel buffer`);
}

/**
 * copy_from_user(to, from, n): bytes NOT copied. Copies the accessible prefix of [from, from + n) and zero-fills the
 * rest of `to[0..n)`; when access_ok fails nothing is touched in user memory (no fault) and all n bytes are zeroed.
 */
export function copyFromUser(mm: Mm, to: Uint8Array, from: bigint, n: number, options?: UaccessOptions): number {
  requireFits(to, n, "copy_from_user");
  if (n === 0) return 0;
  let left = n;
  if (accessOk(from, n, options?.accessOk)) {
    left = copyLoop(mm, from, n, false, copier(options), (bytes, offset, done, len) => to.set(bytes.subarray(offset, offset + len), done));
  }
  to.fill(0, n - left, n);
  return left;
}

/** copy_to_user(to, from, n): bytes NOT copied. The accessible prefix is stored; nothing is zeroed anywhere. */
export function copyToUser(mm: Mm, to: bigint, from: Uint8Array, n: number, options?: UaccessOptions): number {
  requireFits(from, n, "copy_to_user");
  if (n === 0) return 0;
  if (!accessOk(to, n, options?.accessOk)) return n;
  return copyLoop(mm, to, n, true, copier(options), (bytes, offset, done, len) => bytes.set(from.subarray(done, done + len), offset));
}

/** clear_user(to, n): bytes NOT cleared; zeroes the accessible prefix. */
export function clearUser(mm: Mm, to: bigint, n: number, options?: UaccessOptions): number {
  if (n === 0) return 0;
  if (!accessOk(to, n, options?.accessOk)) return n;
  return copyLoop(mm, to, n, true, copier(options), (bytes, offset, _done, len) => bytes.fill(0, offset, offset + len));
}

/**
 * get_user(x, ptr) for a 1/2/4/8-byte little-endian value: `{ err: 0, value }` or `{ err: -EFAULT, value: 0n }` (the
 * kernel sets x to 0 on error). The size is a constant, so x86-64's small-size access_ok shortcut applies.
 */
export function getUser(mm: Mm, ptr: bigint, size: 1 | 2 | 4 | 8, options?: UaccessOptions): { err: number; value: bigint } {
  const buf = new Uint8Array(size);
  if (!accessOk(ptr, size, { ...options?.accessOk, constantSize: true })) return { err: -EFAULT, value: 0n };
  if (copyLoop(mm, ptr, size, false, copier(options), (bytes, offset, done, len) => buf.set(bytes.subarray(offset, offset + len), done)) !== 0) {
    return { err: -EFAULT, value: 0n };
  }
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(buf[i] ?? 0);
  return { err: 0, value };
}

/**
 * put_user(x, ptr): 0 or -EFAULT. One store instruction: every page it spans is faulted in before any byte is
 * written, so -EFAULT means nothing was written.
 */
export function putUser(mm: Mm, ptr: bigint, size: 1 | 2 | 4 | 8, value: bigint, options?: UaccessOptions): number {
  if (!accessOk(ptr, size, { ...options?.accessOk, constantSize: true })) return -EFAULT;
  const who = copier(options);
  const last = ptr + BigInt(size - 1);
  for (const at of ptr / 4096n === last / 4096n ? [ptr] : [ptr, last]) {
    const access = touchUser(mm, at, true, who);
    if (!access.ok) {
      requireFixup(access.outcome);
      return -EFAULT;
    }
  }
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = Number((BigInt.asUintN(64, value) >> BigInt(8 * i)) & 0xffn);
  copyLoop(mm, ptr, size, true, who, (page, offset, done, len) => page.set(bytes.subarray(done, done + len), offset));
  return 0;
}

/**
 * strncpy_from_user(dst, src, count): the string length without its NUL; `count` when no NUL is among the first count
 * bytes (dst is then not terminated); -EFAULT on a fault (bytes before it may be in dst) or when the user address
 * limit comes before count bytes; 0 for count <= 0.
 */
export function strncpyFromUser(mm: Mm, dst: Uint8Array, src: bigint, count: number, options?: UaccessOptions): number {
  if (count <= 0) return 0;
  requireFits(dst, count, "strncpy_from_user");
  const limit = options?.accessOk?.limit ?? TASK_SIZE_MAX_4L;
  const s = BigInt.asUintN(64, src);
  if (s >= limit) return -EFAULT;
  const max = Number(limit - s < BigInt(count) ? limit - s : BigInt(count));
  const who = copier(options);
  let i = 0;
  while (i < max) {
    const access = touchUser(mm, s + BigInt(i), false, who);
    if (!access.ok) {
      requireFixup(access.outcome);
      return -EFAULT;
    }
    const end = Math.min(max, i + access.bytes.length - access.offset);
    for (let at = access.offset; i < end; i++, at++) {
      const b = access.bytes[at] ?? 0;
      dst[i] = b;
      if (b === 0) return i;
    }
  }
  return max < count ? -EFAULT : count;
}

/**
 * Kernel code dereferencing a user pointer directly (no STAC, no extable entry): the value, or the oops. With SMAP
 * this always oopses; without SMAP it works on a mapped page, which is exactly the bug SMAP exists to catch.
 */
export function kernelDereference(mm: Mm, ptr: bigint, write: boolean, smap: boolean): { ok: true; byte: number } | { ok: false; outcome: FaultOutcome } {
  const access = touchUser(mm, ptr, write, { fromUser: false, smap, ac: false, hasExtable: false });
  if (!access.ok) return access;
  return { ok: true, byte: access.bytes[access.offset] ?? 0 };
}
