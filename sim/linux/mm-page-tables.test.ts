import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGING_FORMAT_BY_ID } from "../paging-formats";
import { CR4_PSE } from "../x86/constants";
import { translate } from "../x86/translate";
import type { Access } from "../x86/types";
import { fork } from "./fork";
import { Mm } from "./mm";
import { buildMmPageTables, releaseMmPageTables, type MmPageTables, type MmPagingFormatId } from "./mm-page-tables";
import { mmap, mprotect, munmap } from "./mmap";
import { PageAllocator } from "./pages";
import { touchUser } from "./user-access";
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, VM_EXEC } from "./vm-flags";

const PAGE = 4096;
const fromUser = { fromUser: true, smap: true, ac: false, hasExtable: false };
const protArb = fc.constantFrom(PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC, PROT_WRITE);
const opArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("mmap" as const), pages: fc.integer({ min: 1, max: 6 }), prot: protArb, shared: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("touch" as const), vma: fc.nat(), page: fc.nat({ max: 7 }), write: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("mprotect" as const), vma: fc.nat(), page: fc.nat({ max: 5 }), pages: fc.integer({ min: 1, max: 3 }), prot: protArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("munmap" as const), vma: fc.nat(), page: fc.nat({ max: 5 }), pages: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: "fork" as const }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function newMm(format: MmPagingFormatId): Mm {
  const mm = new Mm(new PageAllocator());
  if (format !== "4-level") mm.mmapBase = 0x40000000; // below PAGE_OFFSET (0xc0000000): a 32-bit task's mmap area
  return mm;
}

// Runs the operations; failures (-EINVAL, SIGSEGV on a bad touch, ...) are part of the sequence, not errors.
function run(mm: Mm, ops: Op[]): void {
  for (const o of ops) {
    if (o.op === "mmap") {
      mmap(mm, 0, o.pages * PAGE, o.prot, (o.shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, null, 0);
      continue;
    }
    if (o.op === "fork") {
      fork(mm); // the parent's private pages turn read-only (copy-on-write)
      continue;
    }
    const vma = mm.vmas[o.vma % Math.max(1, mm.vmas.length)];
    if (vma === undefined) continue;
    const addr = vma.vm_start + o.page * PAGE;
    if (o.op === "touch") {
      if (addr < vma.vm_end) touchUser(mm, BigInt(addr), o.write, fromUser);
    } else if (o.op === "mprotect") mprotect(mm, addr, o.pages * PAGE, o.prot);
    else munmap(mm, addr, o.pages * PAGE);
  }
}

// What the MMU must say for a user access at `addr`, from the Mm alone (facts §1.5 error codes: U = 4, W = 2, I = 0x10
// with NXE on x86-64, P = 1 for a protection fault).
function expected(mm: Mm, format: MmPagingFormatId, addr: number, access: Access): string {
  const pte = mm.findPte(addr);
  const w = access === "write" ? 2 : 0;
  const i = access === "exec" && format === "4-level" ? 0x10 : 0;
  if (pte === null || !pte.present) return `PF 0x${(4 | w | i).toString(16)}`;
  const vma = mm.findVma(addr);
  const denied = (access === "write" && !pte.writable) || (access === "exec" && format === "4-level" && ((vma?.vm_flags ?? 0) & VM_EXEC) === 0);
  return denied ? `PF 0x${(5 | w | i).toString(16)}` : `pa 0x${(pte.pfn * PAGE + (addr % PAGE)).toString(16)}`;
}

function walked(mm: Mm, tables: MmPageTables, addr: number, access: Access): string {
  const r = translate(tables.cpu, mm.pages.mem, BigInt(addr), access);
  if (r.ok) return `pa 0x${r.pa.toString(16)}`;
  return r.fault === "PF" ? `PF 0x${r.errorCode.toString(16)}` : "GP";
}

function requireTables(mm: Mm, format: MmPagingFormatId): MmPageTables {
  const r = buildMmPageTables(mm, { format });
  if (!r.ok) throw new Error(r.error);
  return r.tables;
}

describe("buildMmPageTables: the Mm's page table as x86 entries", () => {
  for (const format of ["i386-pse", "4-level"] as const) {
    it(`${format}: after random mmap/mprotect/munmap/fork/touch, every page walks exactly as the Mm says`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
          const mm = newMm(format);
          run(mm, ops);
          const tables = requireTables(mm, format);
          for (const vma of mm.vmas) {
            // Every page of the VMA, and the page on either side (often a hole).
            for (let addr = vma.vm_start - PAGE; addr <= vma.vm_end; addr += PAGE) {
              for (const access of ["read", "write", "exec"] as const) {
                const at = addr + ((addr / PAGE) % 7) * 321; // some offset inside the page
                expect(walked(mm, tables, at, access), `${access} at 0x${at.toString(16)}`).toBe(expected(mm, format, at, access));
              }
            }
          }
        }),
        { numRuns: 150, seed: 4 },
      );
    });
  }

  it("x86-64: the leaf bits are Linux's (facts §1.3): PAGE_SHARED|D with NX, PAGE_READONLY_EXEC, PROT_NONE", () => {
    const mm = newMm("4-level");
    const rw = mmap(mm, 0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, null, 0);
    const rx = mmap(mm, 0, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
    if (!rw.ok || !rx.ok) throw new Error("mmap failed");
    touchUser(mm, BigInt(rw.addr), true, fromUser);
    touchUser(mm, BigInt(rx.addr), false, fromUser); // the zero page, read-only
    const tables = requireTables(mm, "4-level");
    const leaf = (addr: number) => translate({ ...tables.cpu, user: false }, mm.pages.mem, BigInt(addr), "read", { trace: true }).trace?.steps.at(-1)?.entryValue;
    const rwPfn = mm.findPte(rw.addr)?.pfn ?? -1;
    expect(leaf(rw.addr)).toBe((1n << 63n) | (BigInt(rwPfn) << 12n) | 0x67n);
    expect(leaf(rx.addr)).toBe((BigInt(mm.pages.zeroPage.pfn) << 12n) | 0x25n);
    expect(mprotect(mm, rw.addr, PAGE, PROT_NONE)).toBe(0);
    const after = requireTables(mm, "4-level");
    const none = translate(after.cpu, mm.pages.mem, BigInt(rw.addr), "read", { trace: true });
    expect(none).toMatchObject({ ok: false, fault: "PF", errorCode: 0x4 });
    expect(none.trace?.steps.at(-1)?.entryValue).toBe((BigInt(rwPfn) << 12n) | 0x120n); // frame kept, PROTNONE|A, P = 0
    expect(none.trace?.steps.slice(0, -1).map((s) => Number(BigInt(s.entryValue) & 0xfffn))).toEqual([0x67, 0x67, 0x67]); // _PAGE_TABLE
  });

  it("i386: the kernel half maps lowmem for the kernel only; user pages sit below PAGE_OFFSET", () => {
    const mm = newMm("i386-pse");
    const r = mmap(mm, 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
    if (!r.ok) throw new Error("mmap failed");
    touchUser(mm, BigInt(r.addr + PAGE), true, fromUser);
    const tables = requireTables(mm, "i386-pse");
    expect(tables.kernelRegions.map((k) => k.name)).toEqual(["lowmem", "vmalloc", "pkmap", "fixmap"]);
    const kernel = { ...tables.cpu, user: false };
    expect(translate(kernel, mm.pages.mem, 0xc0012345n, "write")).toEqual({ ok: true, pa: 0x12345, pageSize: 4096 }); // the first 4 MB: 4 KB PTEs
    expect(translate(kernel, mm.pages.mem, 0xc0523456n, "write")).toEqual({ ok: true, pa: 0x523456, pageSize: 4194304 }); // then PSE pages
    expect(translate(tables.cpu, mm.pages.mem, 0xc0523456n, "read")).toMatchObject({ ok: false, errorCode: 0x5 }); // user: U/S = 0
    const pfn = mm.findPte(r.addr + PAGE)?.pfn ?? -1;
    expect(translate(tables.cpu, mm.pages.mem, BigInt(r.addr + PAGE + 9), "write")).toEqual({ ok: true, pa: pfn * PAGE + 9, pageSize: 4096 });
    expect(translate(tables.cpu, mm.pages.mem, BigInt(r.addr), "read")).toMatchObject({ ok: false, errorCode: 0x4 }); // not faulted in
    const leaf = translate(tables.cpu, mm.pages.mem, BigInt(r.addr + PAGE), "read", { trace: true }).trace?.steps.at(-1)?.entryValue;
    expect(leaf).toBe(pfn * PAGE + 0x67); // P|RW|US|A|D, no NX bit exists
  });

  it("i386 (no PSE): the kernel half's lowmem is in 4 KB page tables, and the registers leave CR4.PSE clear", () => {
    const mm = newMm("i386");
    const r = mmap(mm, 0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
    if (!r.ok) throw new Error("mmap failed");
    touchUser(mm, BigInt(r.addr), true, fromUser);
    const tables = requireTables(mm, "i386");
    expect(tables.format.id).toBe("i386");
    expect(tables.cpu.cr4 & CR4_PSE).toBe(0);
    const kernel = { ...tables.cpu, user: false };
    expect(translate(kernel, mm.pages.mem, 0xc0523456n, "write")).toEqual({ ok: true, pa: 0x523456, pageSize: 4096 });
    const pfn = mm.findPte(r.addr)?.pfn ?? -1;
    expect(translate(tables.cpu, mm.pages.mem, BigInt(r.addr + 9), "write")).toEqual({ ok: true, pa: pfn * PAGE + 9, pageSize: 4096 });
  });

  it("a format it does not lay out (PAE, 5-level) is refused by name", () => {
    const mm = newMm("i386-pse");
    expect(buildMmPageTables(mm, { format: PAGING_FORMAT_BY_ID.pae })).toEqual({ ok: false, error: "buildMmPageTables does not lay out PAE paging" });
    expect(buildMmPageTables(mm, { format: PAGING_FORMAT_BY_ID["5-level"] })).toMatchObject({ ok: false });
    expect(buildMmPageTables(mm, { format: PAGING_FORMAT_BY_ID["4-level"] })).toMatchObject({ ok: true });
  });

  it("an Mm that does not fit the arch is refused; releasing gives the table pages back", () => {
    const mm = newMm("4-level"); // mmap area at 0x7f0000000000: far above a 32-bit PAGE_OFFSET
    const r = mmap(mm, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
    if (!r.ok) throw new Error("mmap failed");
    touchUser(mm, BigInt(r.addr), false, fromUser);
    const refused = buildMmPageTables(mm, { format: "i386-pse" });
    expect(refused).toEqual({ ok: false, error: `VMA [0x${r.addr.toString(16)}, 0x${(r.addr + PAGE).toString(16)}) passes the i386 user limit 0xc0000000` });
    const tables = requireTables(mm, "4-level");
    expect(tables.tablePages).toHaveLength(4); // PGD, PUD, PMD, PTE page
    const pages = [...tables.tablePages];
    releaseMmPageTables(mm, tables);
    expect(pages.map((p) => p.refcount)).toEqual([0, 0, 0, 0]);
    expect(mm.pages.findPage(pages[0]?.pfn ?? -1)).toBeNull();
  });
});
