import { PhysicalMemory } from "../memory/physical-memory";
import { PAGE_SIZE } from "../x86/constants";

/** What a page was allocated as; vm_insert_page refuses anonymous and slab pages (facts §4.3). */
export type PageKind = "kernel" | "anon" | "slab" | "zero";

/** A struct page: the frame it describes and its reference count (get_page/put_page). */
export interface Page {
  readonly pfn: number;
  readonly kind: PageKind;
  refcount: number;
}

/**
 * The machine's RAM as struct pages over a PhysicalMemory: allocates frames upwards from `firstPfn`, counts
 * references, and frees a page when its count drops to 0. Freed frames are reused (lowest first) so a
 * use-after-free shows up as another owner's data, as on real hardware.
 */
export class PageAllocator {
  readonly mem: PhysicalMemory;
  private readonly pages = new Map<number, Page>();
  private readonly freed: number[] = [];
  private nextPfn: number;
  /** Reference-count misuse seen so far (get on a freed page, put below 0): a learner's driver bug, not ours. */
  readonly refcountBugs: string[] = [];
  /** The shared zero page every private read fault maps first (never freed, not counted). */
  readonly zeroPage: Page;

  constructor(mem: PhysicalMemory = new PhysicalMemory(), firstPfn = 0x1000) {
    this.mem = mem;
    this.nextPfn = firstPfn;
    this.zeroPage = { pfn: this.nextPfn++, kind: "zero", refcount: 1 };
    this.pages.set(this.zeroPage.pfn, this.zeroPage);
  }

  /** alloc_page(): a zeroed page with refcount 1. */
  alloc(kind: Exclude<PageKind, "zero"> = "kernel"): Page {
    if (this.freed.length > 1) this.freed.sort((a, b) => b - a);
    const pfn = this.freed.pop() ?? this.nextPfn++;
    const page: Page = { pfn, kind, refcount: 1 };
    this.pages.set(pfn, page);
    this.bytes(pfn).fill(0);
    return page;
  }

  /** The struct page of `pfn`, or null (an MMIO or unallocated frame has none). */
  findPage(pfn: number): Page | null {
    return this.pages.get(pfn) ?? null;
  }

  /** get_page(). */
  get(page: Page): void {
    if (page.kind === "zero") return;
    if (page.refcount <= 0) this.refcountBugs.push(`get_page on freed page pfn ${page.pfn}`);
    else page.refcount++;
  }

  /** put_page(): frees the frame at 0. Going below 0 (bug B12: a fault handler without get_page) is recorded. */
  put(page: Page): void {
    if (page.kind === "zero") return;
    if (page.refcount <= 0) {
      this.refcountBugs.push(`put_page underflow on pfn ${page.pfn}`);
      return;
    }
    if (--page.refcount === 0) {
      this.pages.delete(page.pfn);
      this.freed.push(page.pfn);
    }
  }

  /** The live 4096 bytes of a frame (writes go through to physical memory). */
  bytes(pfn: number): Uint8Array {
    const frame = this.mem.findFrame(pfn);
    if (frame !== null) return frame;
    this.mem.write8(pfn * PAGE_SIZE, 0); // creates the frame
    const created = this.mem.findFrame(pfn);
    if (created === null) throw new Error(`frame ${pfn} could not be created`);
    return created;
  }
}
