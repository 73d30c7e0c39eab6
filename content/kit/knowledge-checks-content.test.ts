import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  accessOk,
  copyFromUser,
  copyToUser,
  CR4_PAE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  EFAULT,
  EINVAL,
  EOVERFLOW,
  fork,
  KmapLocal,
  kmapMachineI386,
  MAP_SHARED,
  mremap,
  openDevice,
  pdmap,
  vm_flags_set,
  VM_DONTEXPAND,
  walkLong,
  CR0_PG,
  CR0_WP,
  CR4_PSE,
  kernelDereference,
  layoutI386,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  Mm,
  mmap,
  PageAllocator,
  PhysicalMemory,
  PROT_READ,
  PROT_WRITE,
  TASK_SIZE_MAX_4L,
  touchUser,
  walk32,
  type Accessor,
  type Cpu32,
  type CpuState,
  type Vma,
} from "../../sim/index";
import { gradeKnowledgeCheck } from "./knowledge-check-grade";
import { KNOWLEDGE_CHECKS_FILE, knowledgeChecksFileSchema, type KnowledgeCheck } from "./knowledge-check-schema";

// The course's real knowledge checks: every file parses, and every answer key is what the simulation core (or the
// facts file's formula) says, so a wrong key fails here before a learner is told the right answer is wrong.

const courseRoot = path.join(
  path.dirname(path.dirname(fileURLToPath(import.meta.url))),
  "memory-between-kernel-and-user",
);
const MB = 1024 * 1024;
const kernel: Cpu32 = { cr0: CR0_PG | CR0_WP, cr3: 0x0037b000, cr4: CR4_PSE, ac: false, user: false };

function checksOf(lessonFolder: string): KnowledgeCheck[] {
  const file = path.join(courseRoot, lessonFolder, KNOWLEDGE_CHECKS_FILE);
  return knowledgeChecksFileSchema.parse(JSON.parse(readFileSync(file, "utf8"))).checks;
}

/** Grades the key's own answer and a given one: both must be right, so the key and the fact agree. */
function expectAnswer(check: KnowledgeCheck | undefined, answer: string): void {
  if (!check) throw new Error("no such check");
  const grade = gradeKnowledgeCheck(check, answer);
  expect(grade.ok && grade.feedback.correct, `${check.id}: ${answer}`).toBe(true);
}

function byId(lessonFolder: string): Map<string, KnowledgeCheck> {
  return new Map(checksOf(lessonFolder).map((check) => [check.id, check]));
}

/** A user page table at 0x01234000 under a PDE with these flags, mapping 0x08048a3c with these PTE flags. */
function userWalk(pdeFlags: number, pteFlags: number, access: "read" | "write") {
  const mem = new PhysicalMemory();
  const va = 0x08048a3c;
  mem.write32(kernel.cr3 + (va >>> 22) * 4, 0x01234000 | pdeFlags);
  mem.write32(0x01234000 + ((va >>> 12) & 0x3ff) * 4, 0x0567a000 | pteFlags);
  return walk32({ ...kernel, user: true }, mem, va, access);
}

/**
 * The faults (error code and outcome) of a user write to a page of a private writable anonymous mapping, after
 * nothing, a read of the page, or a write and a fork(): sim's fault handler follows mm/memory.c's
 * do_anonymous_page (no PTE: 0x6, mapped writable) and do_wp_page (read-only PTE: 0x7, copy-on-write).
 */
function privateWriteFaults(before: "nothing" | "read" | "write-then-fork"): string[] {
  const mm = new Mm(new PageAllocator());
  const page = 0x10000;
  expect(mmap(mm, page, 0x1000, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, null).ok).toBe(true);
  const user: Accessor = { fromUser: true, smap: true, ac: false, hasExtable: false };
  if (before === "read") touchUser(mm, BigInt(page), false, user);
  if (before === "write-then-fork") {
    touchUser(mm, BigInt(page), true, user);
    fork(mm);
  }
  const seen = mm.faults.length;
  expect(touchUser(mm, BigInt(page), true, user).ok).toBe(true);
  return mm.faults.slice(seen).map((f) => `0x${f.errorCode.toString(16)} ${f.outcome}`);
}

describe("the course's knowledge checks", () => {
  it("exist for every lesson, 2 to 4 each, and parse", () => {
    const lessons = readdirSync(courseRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((module) =>
        readdirSync(path.join(courseRoot, module.name), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((lesson) => `${module.name}/${lesson.name}`),
      );
    const withChecks = lessons.filter((lesson) =>
      readdirSync(path.join(courseRoot, lesson)).includes(KNOWLEDGE_CHECKS_FILE),
    );
    // Every lesson of the course has them.
    expect(withChecks).toEqual(lessons);
    expect(lessons).toHaveLength(14);
    for (const lesson of withChecks) {
      const count = checksOf(lesson).length;
      expect(count, lesson).toBeGreaterThanOrEqual(2);
      expect(count, lesson).toBeLessThanOrEqual(4);
    }
  });

  it("virtual address spaces: TASK_SIZE_MAX and __pa of kernel text (facts §1.6, §2.2)", () => {
    const checks = byId("01.address-spaces/01.virtual-address-spaces");
    expectAnswer(checks.get("task-size-max"), `0x${TASK_SIZE_MAX_4L.toString(16)}`);
    expectAnswer(checks.get("task-size-max"), String((1n << 47n) - 4096n));
    // __pa(x) = x - __START_KERNEL_map + phys_base for x >= __START_KERNEL_map (facts §2.2, E6).
    expectAnswer(
      checks.get("pa-of-kernel-text"),
      `0x${(0xffffffff81000000n - 0xffffffff80000000n + 0x1000000n).toString(16)}`,
    );
    expect(checks.get("non-canonical-access")?.answer).toBe("gp");
  });

  it("two-level paging: the PDE index, the error code and the 4 MB walk come out of walk32 (facts §1.2, §1.5)", () => {
    const checks = byId("02.paging/01.two-level-paging");
    const mem = new PhysicalMemory();
    const walk = walk32(kernel, mem, 0xc0101234, "read", { trace: true });
    const pde = walk.trace?.steps[0];
    expect(pde?.level).toBe("PDE");
    expectAnswer(checks.get("pde-index"), String(pde?.index));
    expectAnswer(checks.get("pde-index"), "768");

    const write = userWalk(0x067, 0x025, "write");
    expect(write.ok).toBe(false);
    if (!write.ok) expectAnswer(checks.get("error-code-user-write-read-only"), String(write.errorCode));
    // Its explanation: 0x7 is copy-on-write only once a read or fork() left a read-only PTE; the first write to a
    // page never touched has no PTE, faults with 0x6 and gets a writable page at once.
    expect(privateWriteFaults("nothing")).toEqual(["0x6 resolved (demand-zero)"]);
    expect(privateWriteFaults("read")).toEqual(["0x7 resolved (cow-copy)"]);
    expect(privateWriteFaults("write-then-fork")).toEqual(["0x7 resolved (cow-copy)"]);
    const cowExplanation = checks.get("error-code-user-write-read-only")?.explanation ?? "";
    for (const fact of ["`0x6`", "do_anonymous_page()", "do_wp_page()", "`fork()`"]) {
      expect(cowExplanation, fact).toContain(fact);
    }

    const big = new PhysicalMemory();
    big.write32(kernel.cr3 + (0xc1654321 >>> 22) * 4, 0x014001e3);
    const leaf = walk32(kernel, big, 0xc1654321, "read");
    expect(leaf).toMatchObject({ ok: true, pageSize: 4 * MB });
    if (leaf.ok) expectAnswer(checks.get("four-mb-page"), String(leaf.pa));

    // A read-only PDE over a writable PTE: a user write faults with 0x7 (rights are ANDed, facts §1.4).
    const combined = userWalk(0x065, 0x067, "write");
    expect(combined).toMatchObject({ ok: false, fault: "PF", errorCode: 0x7 });
    expect(checks.get("rights-combine")?.answer).toBe("fault-7");
  });

  it("lowmem and highmem: the numbers of layoutI386 (facts §2.1)", () => {
    const checks = byId("03.kernel-memory-and-highmem/01.lowmem-and-highmem");
    // The questions name Linux 2.6.38 (sim's "3.x" layout) and 2.6.27 and older ("2.6").
    expectAnswer(checks.get("vmalloc-start-512m"), String(layoutI386({ ramBytes: 512 * MB }).vmallocStart));
    expect(checks.get("vmalloc-start-512m")?.question).toContain("Linux 2.6.38");
    const oneGb = layoutI386({ ramBytes: 1024 * MB });
    expect(oneGb.maxmemBytes).toBe(0x377fe000); // the question states it
    expectAnswer(checks.get("highmem-1g"), String(oneGb.highmemBytes));
    expectAnswer(checks.get("old-maxmem"), String(layoutI386({ ramBytes: 2048 * MB, era: "2.6" }).maxmemBytes / MB));
    expect(checks.get("old-maxmem")?.question).toContain("2.6.27 and older");
    expect(checks.get("highmem-api")?.answer).toBe("kmap-local-page");
    expect(checks.get("highmem-api")?.explanation).toContain("the depth is kept per task");
  });

  it("copy_from_user: the partial copy, the wrap and SMAP come out of the uaccess model (facts §3.2, §3.3)", () => {
    const checks = byId("04.crossing-the-boundary/01.copy-from-user");
    const mm = new Mm(new PageAllocator());
    const mapped = mmap(mm, 0x7fff0000, 0x1000, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, null);
    expect(mapped.ok).toBe(true);
    expectAnswer(checks.get("partial-copy-return"), String(copyFromUser(mm, new Uint8Array(0x40), 0x7fff0ff0n, 0x40)));
    expect(accessOk(0xfffffffffffffff0n, 0x40)).toBe(false);
    expect(checks.get("access-ok-wrap")?.answer).toBe("false-wrap");
    expect(kernelDereference(mm, 0x7fff0000n, false, true).ok).toBe(false);
    expect(kernelDereference(mm, 0x7fff0000n, false, false).ok).toBe(true);
    expect(checks.get("smap-direct-dereference")?.answer).toBe("oops");
    expect(checks.get("driver-return-value")?.answer).toBe("efault");
  });

  it("four-level paging: the PML4 index, #GP and the NX fetch come out of walkLong (facts §1.2, §1.5, §1.6)", () => {
    const checks = byId("02.paging/02.four-level-paging");
    const cpu: CpuState = {
      cr0: CR0_PG | CR0_WP,
      cr3: 0x1000,
      cr4: CR4_PAE,
      efer: EFER_LME | EFER_LMA | EFER_NXE,
      ac: false,
      user: true,
    };
    const mem = new PhysicalMemory();
    const first = walkLong(cpu, mem, 0xffff888000000000n, "read", false, { trace: true });
    expectAnswer(checks.get("pml4-index-direct-map"), String(first.trace?.steps[0]?.index));
    expect(walkLong(cpu, mem, 0x0000800000000000n, "read", false)).toMatchObject({ ok: false, fault: "GP" });
    expect(checks.get("non-canonical")?.answer).toBe("gp");
    // A user heap page: every level P|RW|US, the PTE with XD set; an instruction fetch from it.
    mem.write64(0x1000, 0x2007n);
    mem.write64(0x2000, 0x3007n);
    mem.write64(0x3000, 0x4007n);
    mem.write64(0x4000, 0x5067n | (1n << 63n));
    const fetch = walkLong(cpu, mem, 0x0n, "exec", false);
    expect(fetch).toMatchObject({ ok: false, fault: "PF" });
    if (!fetch.ok && fetch.fault === "PF") expectAnswer(checks.get("nx-fetch-error-code"), String(fetch.errorCode));
  });

  it("the page-directory map: the stack's cell and the legend come out of sim's pdmap (COURSE.md)", () => {
    const checks = byId("02.paging/03.page-directory-map");
    expectAnswer(checks.get("stack-cell"), String(0xbfffe000 >>> 22));
    const mem = new PhysicalMemory();
    mem.write32(0x1000 + 1 * 4, 0x00400085);
    expect(pdmap(mem, 0x1000, CR4_PSE).split("\n")[0]?.[1]).toBe("R");
    expect(checks.get("user-read-only-large-page")?.answer).toBe("upper-r");
    // Without PSE the same PDE points at a page table (frame 0x400000): one present supervisor PTE draws x.
    mem.write32(0x400000, 0x00009003);
    expect(pdmap(mem, 0x1000, 0).split("\n")[0]?.[1]).toBe("x");
    expect(checks.get("ps-without-pse")?.answer).toBe("as-table");
  });

  it("kmap_local: lowmem addresses, no slots, LIFO unmaps come out of KmapLocal (facts §2.1, E7)", () => {
    const checks = byId("03.kernel-memory-and-highmem/02.kmap-local");
    // The lesson's machine: Linux 5.11 (sim's 4.19 layout), 3G/1G, 2 GB, 4 CPUs.
    const machine = kmapMachineI386(layoutI386({ ramBytes: 2048 * MB, era: "4.19" }));
    const kmap = new KmapLocal(machine);
    const low = kmap.kmapLocalPage(0, 0x01234000 / 4096);
    expect(low).toMatchObject({ ok: true, slot: null });
    if (low.ok) expectAnswer(checks.get("lowmem-kmap-local"), String(low.addr));
    for (let i = 1; i < 20; i++) kmap.kmapLocalPage(0, i);
    expectAnswer(checks.get("slots-for-lowmem"), String(kmap.mappings(0).length));
    const a = kmap.kmapLocalPage(0, machine.maxLowPfn + 1);
    const b = kmap.kmapLocalPage(0, machine.maxLowPfn + 2);
    if (!a.ok || !b.ok) throw new Error("highmem pages must map");
    expect(kmap.kunmapLocal(0, a.addr)).toMatchObject({ ok: false, rule: "unmap-order" });
    // The depth is the task's (current->kmap_ctrl.idx since 5.11): another task on CPU 0 has its own empty stack.
    kmap.switchTo(0, 9);
    expect(kmap.kunmapLocal(0, a.addr)).toMatchObject({ ok: false, rule: "unmap-empty" });
    kmap.switchTo(0, 0);
    expect(kmap.kunmapLocal(0, b.addr).ok).toBe(true);
    expect(checks.get("unmap-order")?.answer).toBe("b-then-a");
    expect(checks.get("unmap-order")?.explanation).toContain("`current->kmap_ctrl.idx`");
    // kmap_local_idx_push increments, then BUG_ON(idx >= KM_MAX_IDX): 15 nested highmem mappings, the 16th refused.
    const nest = new KmapLocal(machine);
    const results = Array.from({ length: 16 }, (_, i) => nest.kmapLocalPage(1, machine.maxLowPfn + i).ok);
    expect(results.lastIndexOf(true)).toBe(14);
    expect(results[15]).toBe(false);
    expect(checks.get("slots-for-lowmem")?.explanation).toContain("at most 15");
  });

  it("a driver's read(): the short read and the partial copy come out of copyToUser (facts §3.1)", () => {
    const checks = byId("04.crossing-the-boundary/02.read-syscall");
    expectAnswer(checks.get("short-read"), String(Math.min(64, 100 - 90)));
    const mm = new Mm(new PageAllocator());
    expect(mmap(mm, 0x10000, 0x1000, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, null).ok).toBe(
      true,
    );
    const notCopied = copyToUser(mm, 0x10000n + 0x1000n - 15n, new Uint8Array(20), 20);
    expect(notCopied).toBe(5);
    expectAnswer(checks.get("partial-copy"), String(20 - notCopied));
    expect(copyToUser(mm, 0xffff888000000000n, new Uint8Array(20), 20)).toBe(20);
    expect(checks.get("nothing-copied")?.answer).toBe("efault");
  });

  it("mmap handlers and fault handlers: vm_pgoff, vm_flags and mremap come out of sim's mmap (facts §4.1, §4.5)", () => {
    const mm = new Mm(new PageAllocator());
    const seen: Vma[] = [];
    const driver = {
      name: "kc",
      mmap: (_file: unknown, vma: Vma) => (seen.push(vma), vm_flags_set(vma, VM_DONTEXPAND), 0),
    };
    const mapped = mmap(
      mm,
      0,
      8192,
      PROT_READ,
      MAP_SHARED,
      openDevice(mm, driver, { read: true, write: false }),
      0x3000,
    );
    expect(mapped.ok).toBe(true);
    const handlers = byId("05.mmap/01.mmap-handlers");
    expectAnswer(handlers.get("vm-pgoff"), String(seen[0]?.vm_pgoff));
    const flags = seen[0]?.vm_flags ?? 0;
    expectAnswer(handlers.get("vm-flags-read-only-fd"), `0x${(flags & ~VM_DONTEXPAND).toString(16)}`);
    const fits = (first: number, count: number) => !(count > 16 || first > 16 - count);
    expect([fits(15, 1), fits(15, 2), fits(16, 1), fits(1, 16)]).toEqual([true, false, false, false]);
    expect(handlers.get("exact-fit-end")?.answer).toBe("one-at-15");
    // Offset -4096 with 8192 bytes: pgoff + 2 does not wrap, but file_mmap_ok() (4.17) refuses it with -EOVERFLOW
    // before the handler runs; one page at vm_pgoff 2^52 - 2 is the farthest that still reaches a handler.
    const reached: number[] = [];
    const probe = { name: "kc-huge", mmap: (_file: unknown, vma: Vma) => (reached.push(vma.vm_pgoff), -EINVAL) };
    const mmapAt = (off: bigint, len: number) =>
      mmap(mm, 0, len, PROT_READ, MAP_SHARED, openDevice(mm, probe, { read: true, write: true }), off);
    expect(mmapAt(0xfffffffffffff000n, 8192)).toEqual({ ok: false, errno: EOVERFLOW });
    expect(reached).toEqual([]);
    expect(mmapAt(0xffffffffffffe000n, 4096)).toEqual({ ok: false, errno: EINVAL });
    expect(reached).toEqual([2 ** 52 - 2]);
    expect(handlers.get("huge-offset")?.answer).toBe("eoverflow-before-handler");

    const faults = byId("05.mmap/02.fault-handlers");
    expectAnswer(faults.get("vmf-pgoff"), String(4 + ((0x7f0000003010 - 0x7f0000000000) >> 12)));
    if (!mapped.ok) throw new Error("mapped");
    expect(mremap(mm, mapped.addr, 8192, 16384)).toEqual({ ok: false, errno: EFAULT });
    expect(faults.get("mremap-grow")?.answer).toBe("efault");
    expect(faults.get("past-the-end")?.answer).toBe("sigbus");
  });

  it("the sample ring and the broken checks: the formulas of facts E13 and §4.6", () => {
    const ring = byId("05.mmap/03.sample-ring");
    expectAnswer(ring.get("decode-sample"), String(((0x34 | (0x12 << 8)) >> 4) & 0xfff));
    expectAnswer(ring.get("byte-offset-after-wrap"), String((2 * 32769) % 65536));
    expectAnswer(ring.get("lost-samples"), String(40000 - 0 - 32768));
    const attacks = byId("06.exploitation-and-defence/01.attacking-mmap-handlers");
    expectAnswer(attacks.get("u32-wrap"), String(BigInt.asUintN(32, 0xff000000n + 0x1001000n)));
    expectAnswer(attacks.get("int-offset"), String(BigInt.asIntN(32, 0x180000n << 12n)));
    // The u32 sum wraps before the comparison widens it: the unsigned long limit does not save that handler.
    expect(BigInt.asUintN(32, 0xff000000n + 0x1001000n) <= 16n * 4096n).toBe(true);
    expect(attacks.get("predict-u32-unsigned-limit")?.answer).toBe("still-buggy");
    expect(attacks.get("right-check")?.answer).toBe("pages-subtraction");
  });
});
