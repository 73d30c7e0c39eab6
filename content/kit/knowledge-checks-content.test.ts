import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  accessOk,
  copyFromUser,
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
  walk32,
  type Cpu32,
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

describe("the course's knowledge checks", () => {
  it("exist for the four lessons, 2 to 4 each, and parse", () => {
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
    expect(withChecks).toEqual(
      expect.arrayContaining([
        "01.address-spaces/01.virtual-address-spaces",
        "02.paging/01.two-level-paging",
        "03.kernel-memory-and-highmem/01.lowmem-and-highmem",
        "04.crossing-the-boundary/01.copy-from-user",
      ]),
    );
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
    expectAnswer(checks.get("vmalloc-start-512m"), String(layoutI386({ ramBytes: 512 * MB }).vmallocStart));
    const oneGb = layoutI386({ ramBytes: 1024 * MB });
    expect(oneGb.maxmemBytes).toBe(0x377fe000); // the question states it
    expectAnswer(checks.get("highmem-1g"), String(oneGb.highmemBytes));
    expectAnswer(checks.get("old-maxmem"), String(layoutI386({ ramBytes: 2048 * MB, era: "2.6" }).maxmemBytes / MB));
    expect(checks.get("highmem-api")?.answer).toBe("kmap-local-page");
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
});
