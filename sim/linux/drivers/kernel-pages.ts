import type { Page, PageAllocator } from "../pages";

// struct pages as drivers handle them: allocation (alloc_page, alloc_pages of an order), get_page/put_page and
// page_count. A page knows its allocator here (the kernel finds it from the page itself), so put_page can free it.

const owners = new WeakMap<Page, PageAllocator>();

/** alloc_page(GFP_KERNEL): one zeroed kernel page with refcount 1, known to get_page/put_page. */
export function alloc_page(allocator: PageAllocator): Page {
  const page = allocator.alloc("kernel");
  owners.set(page, allocator);
  return page;
}

/**
 * alloc_pages(GFP_KERNEL, order): 2^order physically contiguous zeroed pages, each with refcount 1 (the shape a
 * driver gets after split_page, so each page can be mapped and referenced on its own).
 */
export function alloc_pages(allocator: PageAllocator, order: number): Page[] {
  if (!Number.isInteger(order) || order < 0 || order > 10) throw new Error(`alloc_pages: order ${order} out of 0..10`);
  return allocContiguous(allocator, 2 ** order);
}

/** `count` physically contiguous pages; frames the allocator hands out that do not extend the run go back. */
export function allocContiguous(allocator: PageAllocator, count: number): Page[] {
  let run: Page[] = [];
  const spare: Page[] = [];
  while (run.length < count) {
    const page = alloc_page(allocator);
    const last = run.at(-1);
    if (last !== undefined && page.pfn !== last.pfn + 1) {
      spare.push(...run);
      run = [];
    }
    run.push(page);
  }
  for (const page of spare) put_page(page);
  return run;
}

/** Makes pages allocated elsewhere (allocator.alloc) known to get_page/put_page. */
export function adopt_pages(allocator: PageAllocator, pages: readonly Page[]): void {
  for (const page of pages) owners.set(page, allocator);
}

/** get_page(): one more reference. A get on a freed page is recorded in the allocator's refcountBugs. */
export function get_page(page: Page): void {
  requireOwner(page).get(page);
}

/** put_page(): one reference less; the frame is freed at 0, an underflow is recorded (bug B12, facts §4.6). */
export function put_page(page: Page): void {
  requireOwner(page).put(page);
}

/** page_count(): the current reference count (0 once freed). */
export function page_count(page: Page): number {
  return page.refcount;
}

/** The allocator a page came from, or null for a page this module never saw. */
export function findPageOwner(page: Page): PageAllocator | null {
  return owners.get(page) ?? null;
}

function requireOwner(page: Page): PageAllocator {
  const owner = owners.get(page);
  if (owner === undefined) throw new Error(`page pfn ${page.pfn} was not allocated through sim/linux/drivers`);
  return owner;
}
