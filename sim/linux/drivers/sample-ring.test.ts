import { describe, expect, it } from "vitest";
import { EACCES, EFAULT, EINVAL, EPERM } from "../errno";
import { Mm } from "../mm";
import { fput, mmap, mprotect, mremap, munmap } from "../mmap";
import { PageAllocator } from "../pages";
import { touchUser } from "../user-access";
import {
  MAP_PRIVATE,
  MAP_SHARED,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_MIXEDMAP,
  VM_READ,
} from "../vm-flags";
import { page_count } from "./kernel-pages";
import { SAMPLE_RING_BYTES, SAMPLE_RING_PAGES, SAMPLE_RING_SAMPLES, SampleRing } from "./sample-ring";

const user = { fromUser: true, smap: true, ac: false, hasExtable: false };

function setup(head = 0) {
  const allocator = new PageAllocator();
  const mm = new Mm(allocator);
  const ring = new SampleRing(allocator, { head });
  return { allocator, mm, ring };
}

/** A user-mode load of the byte at `addr`: its value, or how the fault ended. */
function load(mm: Mm, addr: number): number | string {
  const r = touchUser(mm, BigInt(addr), false, user);
  return r.ok ? (r.bytes[r.offset] ?? 0) : r.outcome.kind;
}

describe("the sample-ring producer (facts E13)", () => {
  it("writes sample k little-endian at byte (2k) mod 65536 and counts in head", () => {
    const { ring, allocator } = setup();
    ring.produce([0x1234, 0xfff0, 0x8000]);
    expect(ring.head).toBe(3);
    const page0 = allocator.bytes(ring.area.pages[0]?.pfn ?? -1);
    expect([...page0.subarray(0, 6)]).toEqual([0x34, 0x12, 0xf0, 0xff, 0x00, 0x80]);
    expect([ring.rawSample(0), ring.rawSample(1), ring.rawSample(2)]).toEqual([0x1234, 0xfff0, 0x8000]);
    expect([SAMPLE_RING_BYTES, SAMPLE_RING_PAGES, SAMPLE_RING_SAMPLES]).toEqual([65536, 16, 32768]);
  });

  it("wraps at 32768 samples (byte 65534 is followed by byte 0) and head wraps at 2^32", () => {
    const { ring, allocator } = setup(2 ** 32 - 1);
    ring.produce([0x7fff, 0x0010]);
    expect(ring.head).toBe(1);
    // head 2^32 - 1 is slot 32767, the last two bytes of the last page; the next sample goes to slot 0.
    const last = allocator.bytes(ring.area.pages[15]?.pfn ?? -1);
    expect([last[4094], last[4095]]).toEqual([0xff, 0x7f]);
    expect(ring.rawSample(0)).toBe(0x0010);
    expect(() => ring.produce([0x10000])).toThrow(/16 bits/);
    expect(() => setup(2 ** 32)).toThrow(/not a u32/);
  });

  it("refuses a sample that is not 16 bits and keeps the head of the samples written before it", () => {
    for (const bad of [-1, 1.5, Number.NaN, 0x10000, Number.POSITIVE_INFINITY, "5" as unknown as number]) {
      const { ring } = setup(2 ** 32 - 1);
      expect(() => ring.produce([0x0001, bad, 0x0002]), String(bad)).toThrow(/is not 16 bits/);
      expect(ring.head, String(bad)).toBe(0); // one sample written: 2^32 - 1 + 1 wraps to 0
      expect(ring.rawSample(32767)).toBe(0x0001);
      expect(ring.rawSample(0)).toBe(0);
    }
    const { ring } = setup(5);
    ring.produce(new Set([0xffff, 0]).values()); // any iterable, not only arrays
    expect([ring.head, ring.rawSample(5), ring.rawSample(6)]).toEqual([7, 0xffff, 0]);
  });

  it("restores a saved ring and head", () => {
    const { ring } = setup();
    const saved = new Uint8Array(SAMPLE_RING_BYTES);
    saved[65534] = 0x34;
    saved[65535] = 0x12;
    ring.load(saved, 0xfffffff0);
    expect([ring.rawSample(32767), ring.head]).toEqual([0x1234, 0xfffffff0]);
  });
});

describe("the sample-ring mmap handler (facts §4.2, E13)", () => {
  const map = (len: number, off: number, prot = PROT_READ, flags = MAP_SHARED, mode = { read: true, write: false }) => {
    const s = setup();
    const r = mmap(s.mm, 0, len, prot, flags, s.ring.open(s.mm, mode), off);
    return r.ok ? s.mm.ptes.size : -r.errno;
  };

  it("accepts every legal read-only shared request and maps exactly its pages", () => {
    expect(map(65536, 0)).toBe(16);
    expect(map(61440, 4096)).toBe(15);
    expect(map(4096, 15 * 4096)).toBe(1);
    expect(map(1, 0)).toBe(1);
    expect(map(65536, 0, PROT_READ, MAP_SHARED, { read: true, write: true })).toBe(16);
  });

  it("rejects what it must: size and offset in pages, PROT_WRITE, PROT_EXEC, MAP_PRIVATE", () => {
    expect(map(65536, 4096)).toBe(-EINVAL); // offset 1 page + 16 pages
    expect(map(65537, 0)).toBe(-EINVAL); // rounds up to 17 pages
    expect(map(4096, 16 * 4096)).toBe(-EINVAL); // off == 16
    expect(map(8192, 15 * 4096)).toBe(-EINVAL);
    expect(map(0xf0000000, 0)).toBe(-EINVAL);
    expect(map(4096, 0, PROT_READ | PROT_WRITE, MAP_SHARED, { read: true, write: true })).toBe(-EPERM);
    expect(map(4096, 0, PROT_READ | PROT_WRITE)).toBe(-EACCES); // do_mmap refuses first on an O_RDONLY fd
    expect(map(4096, 0, PROT_READ | PROT_EXEC)).toBe(-EPERM);
    expect(map(4096, 0, PROT_READ, MAP_PRIVATE)).toBe(-EINVAL);
  });

  it("clears VM_MAYWRITE (mprotect(PROT_WRITE) is -EACCES) and sets VM_DONTEXPAND (mremap growth is -EFAULT)", () => {
    const { mm, ring } = setup();
    const r = mmap(mm, 0, 65536, PROT_READ, MAP_SHARED, ring.open(mm, { read: true, write: true }), 0);
    if (!r.ok) throw new Error(`mmap failed: ${r.errno}`);
    expect(r.vma.vm_flags & (VM_MAYWRITE | VM_MAYEXEC)).toBe(0);
    expect(r.vma.vm_flags & (VM_READ | VM_MAYREAD | VM_MAYSHARE | VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP)).toBe(
      VM_READ | VM_MAYREAD | VM_MAYSHARE | VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP,
    );
    expect(mprotect(mm, r.addr, 4096, PROT_READ | PROT_WRITE)).toBe(-EACCES);
    expect(mremap(mm, r.addr, 65536, 65536 + 4096)).toEqual({ ok: false, errno: EFAULT });
    expect(mremap(mm, r.addr, 65536, 32768)).toEqual({ ok: true, addr: r.addr });
  });

  it("shares the ring: the user sees the producer's bytes at the right offset, and a user store is SIGSEGV", () => {
    const { mm, ring } = setup();
    const r = mmap(mm, 0, 61440, PROT_READ, MAP_SHARED, ring.open(mm), 4096);
    if (!r.ok) throw new Error(`mmap failed: ${r.errno}`);
    ring.produce(Array.from({ length: 2050 }, (_, i) => (i === 2048 ? 0xbeef : 0)));
    // Sample 2048 is at ring byte 4096, the first byte of page 1: the first page of a mapping at offset 4096.
    expect([load(mm, r.addr), load(mm, r.addr + 1)]).toEqual([0xef, 0xbe]);
    expect(touchUser(mm, BigInt(r.addr), true, user)).toEqual({
      ok: false,
      outcome: { kind: "sigsegv", code: "SEGV_ACCERR" },
    });
  });

  it("keeps the mapping valid after close(fd); release runs after munmap and each PTE's page reference goes", () => {
    const { mm, ring } = setup();
    const file = ring.open(mm);
    const r = mmap(mm, 0, 65536, PROT_READ, MAP_SHARED, file, 0);
    if (!r.ok) throw new Error(`mmap failed: ${r.errno}`);
    expect(ring.area.pages.map(page_count)).toEqual(Array(16).fill(2));
    fput(file); // close(fd)
    expect(ring.users).toBe(1);
    ring.produce([0xabcd]);
    expect([load(mm, r.addr), load(mm, r.addr + 1)]).toEqual([0xcd, 0xab]);
    expect(munmap(mm, r.addr, 65536)).toBe(0);
    expect(ring.users).toBe(0);
    expect(ring.area.pages.map(page_count)).toEqual(Array(16).fill(1));
    expect(load(mm, r.addr)).toBe("sigsegv");
  });
});
