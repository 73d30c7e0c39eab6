import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessOk, TASK_SIZE_MAX_4L } from "./access-ok";
import { EFAULT } from "./errno";
import { Mm } from "./mm";
import { mmap, mprotect } from "./mmap";
import { PageAllocator } from "./pages";
import { clearUser, copyFromUser, copyToUser, getUser, kernelDereference, putUser, strncpyFromUser } from "./uaccess";
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from "./vm-flags";

const RW = PROT_READ | PROT_WRITE;
const FIXED_ANON = MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS;

function process(): Mm {
  return new Mm(new PageAllocator());
}

function map(mm: Mm, addr: number, len: number, prot: number): void {
  const r = mmap(mm, addr, len, prot, FIXED_ANON, null);
  if (!r.ok) throw new Error(`mmap failed: ${r.errno}`);
}

// Fills [addr, addr + len) from user mode so the copies have something to read.
function fill(mm: Mm, addr: number, bytes: Uint8Array): void {
  expect(copyToUser(mm, BigInt(addr), bytes, bytes.length, { smap: false })).toBe(0);
}

const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 1) & 0xff);

describe("facts §3.3: the partial-copy cases", () => {
  it("1: a copy that runs into an unmapped page copies the prefix and zero-fills the tail", () => {
    const mm = process();
    map(mm, 0x7fff0000, 0x1000, RW); // 0x7fff1000 stays unmapped
    fill(mm, 0x7fff0ff0, pattern(0x10));
    const dst = new Uint8Array(0x40).fill(0xaa);
    expect(copyFromUser(mm, dst, 0x7fff0ff0n, 0x40)).toBe(0x30);
    expect([...dst.subarray(0, 0x10)]).toEqual([...pattern(0x10)]);
    expect(dst.subarray(0x10).every((b) => b === 0)).toBe(true);
  });

  it("2: a second page with PROT_NONE stops the copy at the boundary", () => {
    const mm = process();
    map(mm, 0x10000000, 0x2000, RW);
    expect(mprotect(mm, 0x10001000, 0x1000, PROT_NONE)).toBe(0);
    expect(copyFromUser(mm, new Uint8Array(8192), 0x10000000n, 8192)).toBe(4096);
  });

  it("3: a kernel source fails access_ok: return n, all zero, no fault taken", () => {
    const mm = process();
    const dst = new Uint8Array(16).fill(0xaa);
    expect(copyFromUser(mm, dst, 0xffff888000001000n, 16)).toBe(16);
    expect(dst.every((b) => b === 0)).toBe(true);
    expect(mm.faults).toEqual([]);
  });

  it("4: src + n wrapping past 2^64 fails access_ok", () => {
    expect(accessOk(0xfffffffffffffff0n, 0x40)).toBe(false);
    expect(accessOk(0x1000n, (1n << 64n) - 0x800n)).toBe(false);
    expect(copyFromUser(process(), new Uint8Array(0x40), 0xfffffffffffffff0n, 0x40)).toBe(0x40);
  });

  it("5: copy_to_user into a PROT_READ page stores the writable prefix and returns the rest", () => {
    const mm = process();
    map(mm, 0x20000000, 0x1000, RW);
    map(mm, 0x20001000, 0x1000, PROT_READ);
    expect(copyToUser(mm, 0x20000ff8n, pattern(16), 16)).toBe(8);
    const back = new Uint8Array(8);
    expect(copyFromUser(mm, back, 0x20000ff8n, 8)).toBe(0);
    expect([...back]).toEqual([...pattern(8)]);
    expect(mm.faults.some((f) => f.outcome === "exception-table fixup")).toBe(true);
  });

  it("6: copy_to_user into a private writable page that is still read-only (COW) resolves and copies all", () => {
    const mm = process();
    map(mm, 0x30000000, 0x1000, RW);
    expect(copyFromUser(mm, new Uint8Array(4), 0x30000000n, 4)).toBe(0); // maps the zero page read-only
    expect(mm.findPte(0x30000000)?.writable).toBe(false);
    expect(copyToUser(mm, 0x30000000n, pattern(64), 64)).toBe(0);
    expect(mm.faults.map((f) => f.outcome)).toContain("resolved (cow-copy)");
  });

  it("7: n = 0 returns 0 and touches nothing", () => {
    const mm = process();
    const dst = new Uint8Array(4).fill(9);
    expect(copyFromUser(mm, dst, 0xdeadn, 0)).toBe(0);
    expect(copyToUser(mm, 0xffff888000000000n, dst, 0)).toBe(0);
    expect([...dst]).toEqual([9, 9, 9, 9]);
    expect(mm.faults).toEqual([]);
  });

  it("8: a direct dereference of a user pointer with SMAP on is an oops, not -EFAULT", () => {
    const mm = process();
    map(mm, 0x40000000, 0x1000, RW);
    fill(mm, 0x40000000, pattern(1));
    const r = kernelDereference(mm, 0x40000000n, false, true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.outcome).toEqual({ kind: "oops", reason: expect.stringContaining("SMAP") });
  });

  it("9: the same without SMAP works, which is why SMAP exists", () => {
    const mm = process();
    map(mm, 0x40000000, 0x1000, RW);
    fill(mm, 0x40000000, pattern(1));
    expect(kernelDereference(mm, 0x40000000n, false, false)).toEqual({ ok: true, byte: pattern(1)[0] });
  });
});

describe("get_user, put_user, strncpy_from_user, clear_user", () => {
  it("get_user sets the value to 0 on -EFAULT, and reads little-endian values", () => {
    const mm = process();
    map(mm, 0x50000000, 0x1000, RW);
    expect(putUser(mm, 0x50000ffcn, 4, 0x12345678n)).toBe(0);
    expect(getUser(mm, 0x50000ffcn, 4)).toEqual({ err: 0, value: 0x12345678n });
    expect(getUser(mm, 0x50000ffen, 4)).toEqual({ err: -EFAULT, value: 0n }); // straddles into nothing
    expect(getUser(mm, 0xffff888000000000n, 8)).toEqual({ err: -EFAULT, value: 0n });
    expect(putUser(mm, 0x50000ffen, 4, 0xffffffffn)).toBe(-EFAULT);
    expect(getUser(mm, 0x50000ffcn, 4).value).toBe(0x12345678n); // nothing of the failed store landed
  });

  it("strncpy_from_user: length, count without NUL, NUL at the last byte, fault in the middle, count <= 0", () => {
    const mm = process();
    map(mm, 0x60000000, 0x1000, RW);
    fill(mm, 0x60000ff8, new TextEncoder().encode("abcdefgh"));
    const dst = new Uint8Array(16).fill(0xee);
    expect(strncpyFromUser(mm, dst, 0x60000ff8n, 8)).toBe(8); // no NUL among 8: returns count, not terminated
    expect(dst[8]).toBe(0xee);
    expect(strncpyFromUser(mm, dst, 0x60000ff8n, 16)).toBe(-EFAULT); // the string runs into an unmapped page
    fill(mm, 0x60000ff8, new TextEncoder().encode("abcdefg\0"));
    expect(strncpyFromUser(mm, dst, 0x60000ff8n, 8)).toBe(7);
    expect(dst[7]).toBe(0);
    expect(strncpyFromUser(mm, dst, 0x60000ff8n, 0)).toBe(0);
    expect(strncpyFromUser(mm, dst, 0x60000ff8n, -1)).toBe(0);
    expect(strncpyFromUser(mm, dst, TASK_SIZE_MAX_4L, 4)).toBe(-EFAULT);
  });

  it("clear_user zeroes the accessible prefix and returns the rest", () => {
    const mm = process();
    map(mm, 0x70000000, 0x1000, RW);
    fill(mm, 0x70000ff0, pattern(16));
    expect(clearUser(mm, 0x70000ff0n, 32)).toBe(16);
    const back = new Uint8Array(16).fill(1);
    copyFromUser(mm, back, 0x70000ff0n, 16);
    expect(back.every((b) => b === 0)).toBe(true);
  });
});

describe("access_ok (facts §3.2, E8)", () => {
  const MAX = TASK_SIZE_MAX_4L;
  it("today's x86-64 rule", () => {
    expect(accessOk(MAX, 0)).toBe(true);
    expect(accessOk(MAX + 1n, 0)).toBe(false);
    expect(accessOk(0x7ffffffff000n, 4096, { constantSize: true })).toBe(true); // the guard page makes it safe
    expect(accessOk(0x7ffffffff000n, 4096)).toBe(false);
    expect(accessOk(0x0000800000000000n, 1)).toBe(false); // non-canonical
  });
  it("the generic (i386) rule with PAGE_OFFSET as the limit", () => {
    const limit = 0xc0000000n;
    expect(accessOk(0xbffffff0n, 0x10, { rule: "generic", limit })).toBe(true);
    expect(accessOk(0xbffffff0n, 0x11, { rule: "generic", limit })).toBe(false);
    expect(accessOk(0n, limit + 1n, { rule: "generic", limit })).toBe(false);
    expect(accessOk(0xc0000000n, 0, { rule: "generic", limit })).toBe(true); // size 0 at the limit passes
  });
  it("the older x86-64 rules", () => {
    expect(accessOk(1n << 62n, 8, { rule: "x86-64-lam" })).toBe(true);
    expect(accessOk(1n << 63n, 8, { rule: "x86-64-lam" })).toBe(false);
    expect(accessOk(MAX - 8n, 8, { rule: "x86-64-old" })).toBe(true);
    expect(accessOk(MAX - 8n, 9, { rule: "x86-64-old" })).toBe(false);
    expect(accessOk(0xfffffffffffffff0n, 0x20, { rule: "x86-64-old" })).toBe(false);
  });
});

describe("property: copy_from_user copies exactly the accessible prefix", () => {
  it("holds for random layouts of mapped, PROT_NONE and missing pages", () => {
    const base = 0x10000000;
    const kinds = fc.array(fc.constantFrom("rw", "none", "hole"), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(kinds, fc.nat(4095), fc.nat(6 * 4096), (layout, start, n) => {
        const mm = process();
        layout.forEach((kind, i) => {
          if (kind === "hole") return;
          map(mm, base + i * 4096, 4096, RW);
          fill(mm, base + i * 4096, pattern(4096));
          if (kind === "none") mprotect(mm, base + i * 4096, 4096, PROT_NONE);
        });
        const firstBad = layout.findIndex((k) => k !== "rw");
        const accessibleEnd = (firstBad < 0 ? layout.length : firstBad) * 4096;
        const k = Math.max(0, Math.min(n, accessibleEnd - start));
        const dst = new Uint8Array(n).fill(0x5a);
        expect(copyFromUser(mm, dst, BigInt(base + start), n)).toBe(n - k);
        const want = new Uint8Array(n);
        for (let i = 0; i < k; i++) want[i] = ((start + i) % 4096 * 7 + 1) & 0xff;
        expect(dst).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });
});
