import { EINVAL, EPERM } from "../errno";
import { vmaPages, type Mm, type SimFile, type Vma } from "../mm";
import type { PageAllocator } from "../pages";
import { VM_DONTDUMP, VM_DONTEXPAND, VM_EXEC, VM_MAYEXEC, VM_MAYSHARE, VM_MAYWRITE, VM_WRITE } from "../vm-flags";
import { openDevice, type Driver } from "./device-file";
import { remap_vmalloc_range, vmalloc_user, type VmallocArea } from "./vmalloc";
import { vm_flags_clear, vm_flags_set } from "./vma-mm";

// The 64 KB sample-ring device (facts E13): a producer (think of an ADC's interrupt handler) writes 16-bit samples
// into a vmalloc_user(SZ_64K) ring and counts them in a free-running u32 head; user space maps the ring read-only
// and reads the samples between its own tail and head. The control word travels separately (an ioctl or a header
// page, E13 [P]); here it is the `head` field.

/** SZ_64K: the ring's size in bytes. */
export const SAMPLE_RING_BYTES = 65536;
/** The ring's pages: 65536 / 4096. */
export const SAMPLE_RING_PAGES = 16;
/** Samples the ring holds: 2 bytes each. Sample k lives at byte (2k) mod 65536. */
export const SAMPLE_RING_SAMPLES = 32768;

const U32 = 2 ** 32;

/** The device's state and its file operations. One ring per device, shared by every opener and mapping. */
export class SampleRing implements Driver {
  readonly name = "sample-ring";
  /** The ring: vmalloc_user(SZ_64K), 16 pages that need not be physically contiguous. */
  readonly area: VmallocArea;
  /** Samples written so far, modulo 2^32 (a u32 that wraps freely). */
  head: number;
  /** Open files not yet released (an fd or a VMA still holds each). */
  users = 0;

  constructor(
    private readonly allocator: PageAllocator,
    options: { head?: number } = {},
  ) {
    this.area = vmalloc_user(allocator, SAMPLE_RING_BYTES);
    this.head = requireU32(options.head ?? 0, "head");
  }

  /** The producer: each sample (0..0xffff) goes little-endian to byte 2 * (head mod 32768); head += 1 mod 2^32. */
  produce(samples: Iterable<number>): void {
    // Checks fill a ring of 32768 samples twice per submission, so this loop is kept cheap: the slot advances as a
    // 15-bit integer (2^32 is a multiple of 32768, so head mod 32768 steps with it), the page's bytes are looked up
    // once per page, and a sample is 16 bits exactly when masking it to 16 bits changes nothing (this refuses
    // fractions, NaN, negatives, larger numbers and non-numbers alike). The head is stored when the loop ends, by a
    // refusal too: it counts the samples written before the refused one.
    const list = Array.isArray(samples) ? (samples as readonly unknown[]) : [...samples];
    let slot = this.head % SAMPLE_RING_SAMPLES;
    let page = -1;
    let bytes: Uint8Array = new Uint8Array(0);
    let written = 0;
    try {
      for (; written < list.length; written++) {
        const sample = list[written];
        if (typeof sample !== "number" || (sample & 0xffff) !== sample)
          throw new Error(`sample-ring: sample ${String(sample)} is not 16 bits`);
        const at = slot * 2; // even: a sample never straddles a page
        if (at >> 12 !== page) {
          page = at >> 12;
          bytes = this.pageBytes(at);
        }
        bytes[at & 4095] = sample & 0xff;
        bytes[(at & 4095) + 1] = sample >>> 8;
        slot = (slot + 1) & (SAMPLE_RING_SAMPLES - 1);
      }
    } finally {
      this.head = (this.head + written) % U32;
    }
  }

  /** The raw 16-bit sample in ring slot `slot` (0..32767), as the kernel sees its own buffer. */
  rawSample(slot: number): number {
    const at = (slot % SAMPLE_RING_SAMPLES) * 2;
    const bytes = this.pageBytes(at);
    return (bytes[at % 4096] ?? 0) | ((bytes[(at % 4096) + 1] ?? 0) << 8);
  }

  /** Restores a saved state (the ring's 65536 bytes and head), as a resume or a replayed fixture would. */
  load(ring: Uint8Array, head: number): void {
    if (ring.length !== SAMPLE_RING_BYTES)
      throw new Error(`sample-ring: a ring is ${SAMPLE_RING_BYTES} bytes, got ${ring.length}`);
    for (let page = 0; page < SAMPLE_RING_PAGES; page++)
      this.pageBytes(page * 4096).set(ring.subarray(page * 4096, (page + 1) * 4096));
    this.head = requireU32(head, "head");
  }

  /**
   * ->mmap (facts §4.2 template, E13): MAP_SHARED only (VM_MAYSHARE: a shared mapping of a read-only fd keeps it but
   * loses VM_SHARED) else -EINVAL; VM_WRITE or VM_EXEC -EPERM; VM_MAYWRITE and VM_MAYEXEC cleared so mprotect cannot
   * add them; `off < 16 && npages <= 16 - off` in pages (subtraction form, nothing overflows) else -EINVAL;
   * VM_DONTEXPAND|VM_DONTDUMP; then remap_vmalloc_range maps every page with a reference of its own.
   */
  mmap(_file: SimFile, vma: Vma): number {
    if ((vma.vm_flags & VM_MAYSHARE) === 0) return -EINVAL;
    if ((vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) return -EPERM;
    vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
    const npages = vmaPages(vma);
    const off = vma.vm_pgoff;
    if (off >= SAMPLE_RING_PAGES || npages > SAMPLE_RING_PAGES - off) return -EINVAL;
    vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
    return remap_vmalloc_range(vma, this.area.addr, off);
  }

  /** ->release: the last fd and the last VMA of one open are gone. The ring stays: other openers may map it (B13). */
  release(): void {
    this.users--;
  }

  /** open("/dev/sample-ring") by the process owning `mm`; close(fd) is fput(file). */
  open(mm: Mm, mode: { read: boolean; write: boolean } = { read: true, write: false }): SimFile {
    this.users++;
    return openDevice(mm, this, mode, this);
  }

  private pageBytes(at: number): Uint8Array {
    const page = this.area.pages[Math.floor(at / 4096)];
    if (page === undefined) throw new Error(`sample-ring: byte ${at} is outside the ring`);
    return this.allocator.bytes(page.pfn);
  }
}

function requireU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= U32)
    throw new Error(`sample-ring: ${what} ${value} is not a u32`);
  return value;
}
