// access_ok() across kernel versions (facts §3.2). Pointers and sizes are bigints: a user pointer is any 64-bit value
// (a kernel pointer, a non-canonical one) and the checks are about unsigned 64-bit wrap-around.

const U64 = (1n << 64n) - 1n;
const PAGE_SIZE = 4096n;

/** TASK_SIZE_MAX with 4-level paging, (1 << 47) - PAGE_SIZE; with LA57 it is (1 << 56) - PAGE_SIZE. */
export const TASK_SIZE_MAX_4L = (1n << 47n) - PAGE_SIZE;
export const TASK_SIZE_MAX_5L = (1n << 56n) - PAGE_SIZE;

/**
 * Which access_ok: "x86-64" is 6.12+ (USER_PTR_MAX, with the small-constant shortcut), "x86-64-lam" is 6.4-6.11
 * (`(long)ptr >= 0`), "x86-64-old" is about 5.10-6.3 (`ptr + size <= TASK_SIZE_MAX` without overflow), "generic" is
 * asm-generic (i386 and most architectures): `size <= limit && ptr <= limit - size`. Version boundaries are [R].
 */
export type AccessOkRule = "x86-64" | "x86-64-lam" | "x86-64-old" | "generic";

export interface AccessOkOptions {
  rule?: AccessOkRule;
  /** The size is a compile-time constant (sizeof), which enables the x86-64 shortcut for sizes <= PAGE_SIZE. */
  constantSize?: boolean;
  /** USER_PTR_MAX (x86-64) or the generic limit; default TASK_SIZE_MAX_4L. For i386 pass PAGE_OFFSET (0xc0000000). */
  limit?: bigint;
}

/** Whether [ptr, ptr + size) passes access_ok under `rule` (default "x86-64"). Checks the range only, never mappings. */
export function accessOk(ptr: bigint, size: bigint | number, options?: AccessOkOptions): boolean {
  const p = BigInt.asUintN(64, ptr);
  const n = BigInt.asUintN(64, BigInt(size));
  const limit = options?.limit ?? TASK_SIZE_MAX_4L;
  const rule = options?.rule ?? "x86-64";
  if (rule === "generic") return n <= limit && p <= limit - n;
  if (rule === "x86-64-old") {
    const end = p + n;
    return end <= U64 && end <= limit; // end > U64 is the carry the kernel tests as `addr < size`
  }
  const valid = rule === "x86-64" ? (x: bigint) => x <= limit : (x: bigint) => x < 1n << 63n; // (long)x >= 0
  if (options?.constantSize === true && n <= PAGE_SIZE) return valid(p); // a guard page follows the user range
  const sum = (p + n) & U64;
  return valid(sum) && sum >= p;
}
